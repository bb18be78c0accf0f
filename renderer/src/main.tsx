import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { Opening } from './app/Opening';
import { setAppState } from './app/ready';
import { StartFailure } from './app/StartFailure';
import { connectDesk, unwrap } from './app/transport';
import { loadHolidays } from './db/holidays';
import { openDeskDb } from './db/open';
import { scheduleRetiredCleanup } from './db/retired';
import { initI18n } from './i18n';

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  const root = createRoot(container);
  const desk = connectDesk();
  // Asked before the translations are set up, so that the host's answer and the browser opening its
  // database storage (the origin's, shared by all its databases) overlap with that work.
  const infoAsked = desk?.invoke('app:info', {}).then(unwrap);
  infoAsked?.catch(() => undefined); // a failure is handled where it is awaited, below
  void globalThis.indexedDB?.databases?.().catch(() => undefined);
  await initI18n();
  if (!desk || !infoAsked) {
    root.render(<StartFailure reason="errors.unauthorized" />);
    setAppState('error');
    return;
  }
  try {
    const info = await infoAsked;
    root.render(<Opening />);
    const db = await openDeskDb(info.workspaceId);
    // Benchmarks and tests only: kept out of the start-up chunk everyone else loads.
    if (info.testApi) {
      await loadHolidays(); // the test API computes deadlines from its first call
      (await import('./app/test-api')).exposeTestApi(db);
    }
    root.render(
      <StrictMode>
        <App desk={{ desk, info, db }} />
      </StrictMode>,
    );
    // What an upgrade left in tables it retired (schema.ts, RETIRED_TABLES), deleted in the background.
    scheduleRetiredCleanup(db, (outcome) => {
      const message =
        'error' in outcome
          ? `retired tables: ${String(outcome.error)}`
          : `retired tables: ${outcome.deleted} rows deleted in ${Math.round(outcome.ms)} ms`;
      void desk.invoke('log:write', { level: 'error' in outcome ? 'error' : 'info', message });
    });
  } catch (error) {
    const key =
      error instanceof Error && error.message.startsWith('errors.') ? error.message : 'errors.internal';
    void desk.invoke('log:write', { level: 'error', message: `start failed: ${String(error)}` });
    root.render(<StartFailure reason={key} />);
    setAppState('error');
  }
}

void start();
