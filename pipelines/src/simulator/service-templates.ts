/**
 * Names of e-services, Persian and English. A few well-known agencies get their own list; the
 * rest draw from their sector's. `volume` (1–5) ranks how busy a service is: the busiest become
 * key services. `docs` says whether citizens must bring documents, which exchange can replace.
 */

export interface ServiceTemplate {
  nameEn: string;
  nameFa: string;
  volume: number;
  docs: boolean;
}

type Row = [nameEn: string, nameFa: string, volume: number, docs: boolean];

const list = (rows: Row[]): ServiceTemplate[] => rows.map(([nameEn, nameFa, volume, docs]) => ({ nameEn, nameFa, volume, docs }));

export const AGENCY_SERVICES: Readonly<Record<string, ServiceTemplate[]>> = {
  ncr: list([
    ['Birth certificate issuance', 'صدور شناسنامه', 5, true],
    ['National ID card issuance', 'صدور کارت ملی هوشمند', 5, true],
    ['Death registration', 'ثبت واقعه فوت', 3, true],
    ['Marriage registration', 'ثبت واقعه ازدواج', 3, true],
    ['Identity record correction', 'اصلاح مشخصات سجلی', 2, true],
    ['Birth certificate replacement', 'صدور المثنی شناسنامه', 2, true],
    ['Name change request', 'درخواست تغییر نام', 1, true],
  ]),
  dpr: list([
    ['Property deed issuance', 'صدور سند مالکیت', 5, true],
    ['Company registration', 'ثبت شرکت', 4, true],
    ['Notarial deed verification', 'استعلام اصالت اسناد رسمی', 4, false],
    ['Deed transfer', 'انتقال سند', 3, true],
    ['Trademark registration', 'ثبت علامت تجاری', 2, true],
    ['Mortgage release', 'فک رهن', 2, true],
  ]),
  inta: list([
    ['Tax return filing', 'ارسال اظهارنامه مالیاتی', 5, false],
    ['Economic code registration', 'ثبت‌نام کد اقتصادی', 4, true],
    ['Tax clearance certificate', 'صدور گواهی مفاصاحساب مالیاتی', 4, true],
    ['VAT return filing', 'ارسال اظهارنامه ارزش افزوده', 3, false],
    ['Tax objection', 'ثبت اعتراض مالیاتی', 2, true],
    ['Point-of-sale terminal registration', 'ثبت پایانه فروشگاهی', 2, false],
  ]),
  sso: list([
    ['Insurance record statement', 'گواهی سابقه بیمه', 5, false],
    ['Pension application', 'درخواست مستمری بازنشستگی', 3, true],
    ['Unemployment benefit application', 'درخواست مقرری بیمه بیکاری', 3, true],
    ['Employer monthly contribution list', 'ارسال لیست ماهانه بیمه کارفرما', 5, false],
    ['Self-employed insurance enrolment', 'ثبت‌نام بیمه مشاغل آزاد', 2, true],
    ['Medical expense reimbursement', 'درخواست بازپرداخت هزینه درمان', 2, true],
  ]),
  traffic: list([
    ['Traffic fine inquiry', 'استعلام خلافی خودرو', 5, false],
    ['Driving licence issuance', 'صدور گواهینامه رانندگی', 4, true],
    ['Vehicle plate transfer', 'تعویض پلاک خودرو', 3, true],
    ['Negative points inquiry', 'استعلام نمره منفی', 3, false],
    ['Fine objection', 'اعتراض به جریمه', 1, true],
  ]),
  post: list([
    ['Postal code lookup', 'استعلام کد پستی', 5, false],
    ['Parcel tracking', 'رهگیری مرسوله', 5, false],
    ['Electronic address registration', 'ثبت نشانی الکترونیکی', 2, false],
    ['Parcel booking', 'ثبت سفارش ارسال مرسوله', 3, false],
  ]),
  tehran: list([
    ['Building permit', 'صدور پروانه ساختمانی', 4, true],
    ['Municipal dues payment', 'پرداخت عوارض شهرداری', 5, false],
    ['Certificate of completion', 'صدور پایان‌کار', 3, true],
    ['Traffic zone permit', 'مجوز طرح ترافیک', 5, false],
    ['Business sign permit', 'مجوز تابلو', 1, true],
    ['Citizen complaint (137)', 'ثبت شکایت شهروندی (۱۳۷)', 3, false],
  ]),
  irica: list([
    ['Import declaration', 'اظهار واردات', 5, true],
    ['Export declaration', 'اظهار صادرات', 4, true],
    ['Passenger goods clearance', 'ترخیص کالای همراه مسافر', 2, true],
    ['Customs value inquiry', 'استعلام ارزش گمرکی', 3, false],
    ['Transit permit', 'مجوز ترانزیت', 2, true],
  ]),
  nezam: list([
    ['Conscription status inquiry', 'استعلام وضعیت نظام وظیفه', 5, false],
    ['Exit permit for conscripts', 'مجوز خروج از کشور مشمولان', 3, true],
    ['Study exemption', 'معافیت تحصیلی', 4, true],
    ['Service card issuance', 'صدور کارت پایان خدمت', 3, true],
  ]),
  mfa: list([
    ['Document legalisation', 'تأیید اسناد', 4, true],
    ['Consular appointment', 'نوبت‌دهی کنسولی', 5, false],
    ['Visa application', 'درخواست روادید', 4, true],
    ['Diaspora registration', 'ثبت‌نام ایرانیان خارج از کشور', 2, true],
  ]),
  ihio: list([
    ['Health insurance enrolment', 'ثبت‌نام بیمه سلامت', 5, true],
    ['Coverage inquiry', 'استعلام پوشش بیمه‌ای', 5, false],
    ['Electronic prescription', 'نسخه الکترونیک', 5, false],
    ['Family member addition', 'افزودن افراد تحت تکفل', 2, true],
  ]),
  tavanir: list([
    ['Electricity bill payment', 'پرداخت قبض برق', 5, false],
    ['New electricity connection', 'درخواست انشعاب برق', 3, true],
    ['Meter transfer', 'جابجایی کنتور برق', 2, true],
    ['Outage report', 'گزارش خاموشی', 4, false],
  ]),
};

export const SECTOR_SERVICES: Readonly<Record<string, ServiceTemplate[]>> = {
  'foreign-affairs': AGENCY_SERVICES.mfa,
  interior: list([
    ['Passport issuance', 'صدور گذرنامه', 5, true],
    ['Foreign national residence permit', 'پروانه اقامت اتباع خارجی', 3, true],
    ['Election candidate registration', 'ثبت‌نام داوطلبان انتخابات', 1, true],
    ['NGO registration', 'ثبت سازمان مردم‌نهاد', 2, true],
    ['Weapons licence renewal', 'تمدید پروانه حمل سلاح', 1, true],
    ['Good conduct certificate', 'گواهی عدم سوء پیشینه', 4, true],
  ]),
  economy: list([
    ['Business licence issuance', 'صدور پروانه کسب', 5, true],
    ['Commercial card issuance', 'صدور کارت بازرگانی', 4, true],
    ['Licence renewal', 'تمدید مجوز', 3, true],
    ['Standard mark certificate', 'صدور گواهی نشان استاندارد', 2, true],
    ['Investment application', 'ثبت درخواست سرمایه‌گذاری', 2, true],
    ['Price complaint', 'ثبت شکایت قیمت', 3, false],
    ['Licence status inquiry', 'استعلام وضعیت مجوز', 4, false],
  ]),
  justice: list([
    ['Court case filing', 'ثبت دادخواست', 5, true],
    ['Judicial notice delivery', 'ابلاغ الکترونیک قضایی', 5, false],
    ['Criminal record certificate', 'گواهی عدم سوء پیشینه', 4, true],
    ['Case status inquiry', 'پیگیری پرونده', 4, false],
    ['Expert appointment', 'ارجاع به کارشناس', 2, true],
    ['Legal aid request', 'درخواست معاضدت قضایی', 1, true],
  ]),
  education: list([
    ['Student enrolment', 'ثبت‌نام دانش‌آموز', 5, true],
    ['Transcript issuance', 'صدور کارنامه', 4, false],
    ['Degree verification', 'استعلام مدرک تحصیلی', 4, false],
    ['Entrance exam registration', 'ثبت‌نام آزمون', 5, true],
    ['Student loan application', 'درخواست وام دانشجویی', 3, true],
    ['School transfer', 'انتقال پرونده تحصیلی', 2, true],
    ['Degree equivalence', 'ارزشیابی مدرک خارجی', 1, true],
  ]),
  health: list([
    ['Medical licence issuance', 'صدور پروانه پزشکی', 3, true],
    ['Drug registration', 'ثبت دارو', 2, true],
    ['Health certificate', 'صدور کارت بهداشت', 4, true],
    ['Vaccination record', 'کارت واکسیناسیون', 5, false],
    ['Hospital appointment', 'نوبت‌دهی بیمارستان', 5, false],
    ['Product import permit', 'مجوز ورود فرآورده', 2, true],
  ]),
  welfare: list([
    ['Benefit application', 'درخواست مستمری', 5, true],
    ['Subsidy eligibility inquiry', 'استعلام استحقاق یارانه', 5, false],
    ['Disability assessment', 'کمیسیون پزشکی ناتوانی', 2, true],
    ['Pension payslip', 'فیش حقوقی بازنشستگان', 4, false],
    ['Housing aid application', 'درخواست کمک مسکن', 2, true],
    ['Employment registration', 'ثبت‌نام کاریابی', 3, true],
  ]),
  agriculture: list([
    ['Farmer card issuance', 'صدور کارت کشاورزی', 4, true],
    ['Livestock health certificate', 'گواهی بهداشت دام', 3, true],
    ['Water well permit', 'مجوز چاه کشاورزی', 2, true],
    ['Crop purchase registration', 'ثبت خرید تضمینی محصول', 5, true],
    ['Fertiliser quota', 'سهمیه کود', 3, false],
  ]),
  transport: list([
    ['Vehicle registration', 'ثبت خودرو', 5, true],
    ['Freight waybill', 'صدور بارنامه', 5, false],
    ['Driver smart card', 'کارت هوشمند راننده', 3, true],
    ['Ticket booking', 'رزرو بلیت', 5, false],
    ['Housing plan enrolment', 'ثبت‌نام طرح مسکن', 4, true],
    ['Technical inspection certificate', 'گواهی معاینه فنی', 3, true],
  ]),
  energy: list([
    ['Bill payment', 'پرداخت قبض', 5, false],
    ['New connection request', 'درخواست انشعاب', 3, true],
    ['Ownership transfer of meter', 'تغییر نام مالک کنتور', 2, true],
    ['Fuel quota inquiry', 'استعلام سهمیه سوخت', 4, false],
    ['Outage report', 'گزارش قطعی', 4, false],
  ]),
  ict: list([
    ['Mobile line ownership inquiry', 'استعلام مالکیت سیم‌کارت', 4, false],
    ['Online business permit (Enamad)', 'نماد اعتماد الکترونیکی', 3, true],
    ['Internet service complaint', 'ثبت شکایت خدمات اینترنت', 3, false],
    ['Domain registration (.ir)', 'ثبت دامنه ملی', 2, true],
    ['Frequency licence', 'پروانه فرکانس', 1, true],
  ]),
  culture: list([
    ['Publishing permit', 'مجوز نشر کتاب', 3, true],
    ['Event permit', 'مجوز برگزاری رویداد', 3, true],
    ['Pilgrimage registration', 'ثبت‌نام سفر زیارتی', 5, true],
    ['Tourism operator licence', 'پروانه دفتر خدمات مسافرتی', 2, true],
    ['Sports club licence', 'پروانه باشگاه ورزشی', 2, true],
    ['Press card issuance', 'صدور کارت خبرنگاری', 1, true],
  ]),
  administration: list([
    ['Civil service recruitment exam', 'آزمون استخدامی', 5, true],
    ['Employee record inquiry', 'استعلام سوابق کارمندی', 4, false],
    ['Project funding request', 'درخواست تخصیص اعتبار', 2, true],
    ['Statistics data request', 'درخواست داده‌های آماری', 3, false],
    ['Census self-enumeration', 'سرشماری اینترنتی', 4, false],
  ]),
  identity: AGENCY_SERVICES.ncr,
  environment: list([
    ['Environmental impact assessment', 'ارزیابی اثرات زیست‌محیطی', 2, true],
    ['Hunting licence', 'پروانه شکار', 3, true],
    ['Pollution complaint', 'گزارش آلودگی', 4, false],
    ['Industrial emission permit', 'مجوز انتشار صنعتی', 2, true],
  ]),
  urban: AGENCY_SERVICES.tehran,
};

/** Any sector not listed still gets plausible services. */
const FALLBACK_SERVICES = SECTOR_SERVICES.administration;

/** Services nearly every agency offers besides its own: they fill out short lists. */
export const COMMON_SERVICES: ServiceTemplate[] = list([
  ['Online appointment booking', 'نوبت‌دهی اینترنتی', 2, false],
  ['Request status tracking', 'پیگیری درخواست', 2, false],
  ['Complaint registration', 'ثبت شکایت', 1, false],
  ['Certificate authenticity check', 'استعلام اصالت گواهی', 1, false],
]);

/** The agency's own (or its sector's) services first, then the common ones, without repeats. */
export function serviceTemplatesFor(agencyId: string, sector: string): ServiceTemplate[] {
  const own = AGENCY_SERVICES[agencyId] ?? SECTOR_SERVICES[sector] ?? FALLBACK_SERVICES;
  const seen = new Set(own.map((t) => slugify(t.nameEn)));
  return [...own, ...COMMON_SERVICES.filter((t) => !seen.has(slugify(t.nameEn)))];
}

/** `Passport issuance` → `passport-issuance`: readable, stable ids. */
export function slugify(nameEn: string): string {
  return nameEn
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
