/**
 * Every screen and heavy dialog of the app, loaded on first use: the first screen then downloads and
 * parses only what it shows (the archive's PDF writer, CSV parsing, registers and sync screens stay
 * out of the start-up chunk). Add a screen here, not as a static import in Shell.tsx, and list it in
 * PRELOADS so that it is fetched once the app is idle.
 */
import { lazy, type ComponentProps, type ComponentType } from 'react';
import { loadHolidays } from '../db/holidays';
// Types only: erased from the bundle, so these modules stay out of the start-up chunk.
import type { ComplianceScreen as Compliance } from '../features/compliance/ComplianceScreen';
import type { ConsentsScreen as Consents } from '../features/consents/ConsentsScreen';
import type { QuickCapture as Capture } from '../features/consents/QuickCapture';
import type { DashboardScreen as Dashboard } from '../features/dashboard/DashboardScreen';
import type { RegistersScreen as Registers } from '../features/registers/RegistersScreen';
import type { RequestsScreen as Requests } from '../features/requests/RequestsScreen';
import type { SettingsScreen as Settings } from '../features/settings/SettingsScreen';
import type { SetupWizard as Setup } from '../features/setup/SetupWizard';
import type { SubjectsScreen as Subjects } from '../features/subjects/SubjectsScreen';

type Loader<P> = () => Promise<ComponentType<P>>;

/**
 * React.lazy for named exports (the project has no default exports). Every screen shows or computes
 * deadlines somewhere (lists, person pages, settings' country and region), so the public holidays
 * load with it.
 */
function lazyNamed<P>(load: Loader<P>): ComponentType<P> & { preload: () => Promise<unknown> } {
  let pending: Promise<{ default: ComponentType<P> }> | undefined;
  const loadWithHolidays = () => Promise.all([load(), loadHolidays()]).then(([component]) => component);
  const fetchOnce = () =>
    (pending ??= loadWithHolidays().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        pending = undefined; // a chunk that failed to load (host restarting) is fetched again next time
        throw error;
      },
    ));
  const component = lazy(fetchOnce) as unknown as ComponentType<P> & { preload: () => Promise<unknown> };
  component.preload = fetchOnce;
  return component;
}

type DashboardProps = ComponentProps<typeof Dashboard>;
type SubjectsProps = ComponentProps<typeof Subjects>;
type RequestsProps = ComponentProps<typeof Requests>;
type ConsentsProps = ComponentProps<typeof Consents>;
type RegistersProps = ComponentProps<typeof Registers>;
type QuickCaptureProps = ComponentProps<typeof Capture>;
type SetupProps = ComponentProps<typeof Setup>;
type SettingsProps = ComponentProps<typeof Settings>;
type ComplianceProps = ComponentProps<typeof Compliance>;

export const DashboardScreen = lazyNamed<DashboardProps>(() =>
  import('../features/dashboard/DashboardScreen').then((m) => m.DashboardScreen),
);
export const SubjectsScreen = lazyNamed<SubjectsProps>(() =>
  import('../features/subjects/SubjectsScreen').then((m) => m.SubjectsScreen),
);
export const RequestsScreen = lazyNamed<RequestsProps>(() =>
  import('../features/requests/RequestsScreen').then((m) => m.RequestsScreen),
);
export const ConsentsScreen = lazyNamed<ConsentsProps>(() =>
  import('../features/consents/ConsentsScreen').then((m) => m.ConsentsScreen),
);
export const RegistersScreen = lazyNamed<RegistersProps>(() =>
  import('../features/registers/RegistersScreen').then((m) => m.RegistersScreen),
);
export const ArchiveScreen = lazyNamed<object>(() =>
  import('../features/archive/ArchiveScreen').then((m) => m.ArchiveScreen),
);
export const AuditScreen = lazyNamed<object>(() =>
  import('../features/audit/AuditScreen').then((m) => m.AuditScreen),
);
export const ComplianceScreen = lazyNamed<ComplianceProps>(() =>
  import('../features/compliance/ComplianceScreen').then((m) => m.ComplianceScreen),
);
export const SettingsScreen = lazyNamed<SettingsProps>(() =>
  import('../features/settings/SettingsScreen').then((m) => m.SettingsScreen),
);
export const QuickCapture = lazyNamed<QuickCaptureProps>(() =>
  import('../features/consents/QuickCapture').then((m) => m.QuickCapture),
);
let loadedCapture: ComponentType<QuickCaptureProps> | null = null;
let captureLoading: Promise<unknown> | null = null;

/**
 * Quick capture's component once its code is here (null before). The shell renders it directly, not
 * through React.lazy: a lazy component suspends on its first render even when its code is already
 * loaded, and the keys typed right after Ctrl+K would be lost meanwhile.
 */
export function loadedQuickCapture(): ComponentType<QuickCaptureProps> | null {
  return loadedCapture;
}

export function loadQuickCapture(): Promise<unknown> {
  return (captureLoading ??= QuickCapture.preload().then((module) => {
    loadedCapture = (module as { default: ComponentType<QuickCaptureProps> }).default;
  }));
}

export const SetupWizard = lazyNamed<SetupProps>(() =>
  import('../features/setup/SetupWizard').then((m) => m.SetupWizard),
);

/**
 * Fetched once the first screen is up: the public holidays (background sync waits for them), quick
 * capture (Ctrl+K must open at once, without losing the keys typed next), then the other screens, so that later navigation does not wait on the network.
 */
const PRELOADS = [
  { preload: loadHolidays },
  QuickCapture,
  DashboardScreen,
  RequestsScreen,
  SubjectsScreen,
  ConsentsScreen,
  RegistersScreen,
  SettingsScreen,
  AuditScreen,
  ArchiveScreen,
  ComplianceScreen,
];

let preloading = false;

/** One at a time, when the browser is idle, so that preloading never delays what the user does. */
export function preloadScreens(): void {
  if (preloading) return;
  preloading = true;
  const queue = [...PRELOADS];
  const idle = (next: () => void) =>
    'requestIdleCallback' in window
      ? window.requestIdleCallback(next, { timeout: 2000 })
      : setTimeout(next, 50);
  const step = () => {
    const screen = queue.shift();
    if (!screen) return;
    // A failed preload is retried by React.lazy when the screen is opened, which shows the error.
    screen.preload().then(
      () => idle(step),
      () => idle(step),
    );
  };
  idle(step);
}
