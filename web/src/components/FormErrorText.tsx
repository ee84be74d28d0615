import { useI18n } from '../i18n/use-i18n';
import type { FormError, FormField } from '../lib/form-error';

/** A form's refusal: the reason in the page's language, the server's exact words beneath. */
export function FormErrorText({ error, id }: { error: FormError | null; id: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="form__error" role="alert" id={id} data-testid={id}>
      <span>{t(error.key)}</span>
      {error.detail && (
        <small className="form__error-detail" dir="ltr" lang="en">
          {error.detail}
        </small>
      )}
    </p>
  );
}

/** Marks the field an error is about as invalid and described by it. */
export function fieldProps(field: FormField, error: FormError | null, errorId: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return error?.field === field ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};
}
