import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './fonts';
import './styles.css';
import { App } from './App';
import { SignInGate } from './features/auth/SignInGate';
import { startLandingFetches } from './api/landing-prefetch';

// Before React renders: the caller and the scoreboard side by side, and the chart's chunk
// (ECharts) compiling while they are on their way; the page's lazy() gets this same module
// promise, and retries the import itself if this one failed.
if (startLandingFetches(window.location.search)) import('./features/scoreboard/ScoreboardChart').catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SignInGate>
      <App />
    </SignInGate>
  </StrictMode>,
);
