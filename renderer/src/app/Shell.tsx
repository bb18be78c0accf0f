import ArchiveIcon from '@mui/icons-material/Archive';
import AssignmentIcon from '@mui/icons-material/Assignment';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import DashboardIcon from '@mui/icons-material/Dashboard';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import GavelIcon from '@mui/icons-material/Gavel';
import LightModeIcon from '@mui/icons-material/LightMode';
import LockIcon from '@mui/icons-material/Lock';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import PeopleIcon from '@mui/icons-material/People';
import PersonIcon from '@mui/icons-material/Person';
import SettingsIcon from '@mui/icons-material/Settings';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Snackbar from '@mui/material/Snackbar';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  createElement,
  Suspense,
  use,
  useEffect,
  useState,
  type ComponentProps,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Section } from '../../../shared/ipc/contract';
import type { StaffMember } from '../../../shared/domain/staff';
import { RemindersBanner } from '../features/requests/Reminders';
import { useLock } from '../features/lock/hooks';
import { rememberLanguage } from '../i18n';
import { useDesk, useSession } from './context';
import { AppReady, ScreenLoading } from './ready';
import { useHashRoute, type Route } from './route';
import {
  ArchiveScreen,
  AuditScreen,
  ComplianceScreen,
  ConsentsScreen,
  DashboardScreen,
  loadedQuickCapture,
  loadQuickCapture,
  RegistersScreen,
  RequestsScreen,
  SettingsScreen,
  SubjectsScreen,
} from './screens';

const DRAWER_WIDTH = 232;

const NAV: { section: Section; icon: ReactNode }[] = [
  { section: 'dashboard', icon: <DashboardIcon /> },
  { section: 'requests', icon: <AssignmentIcon /> },
  { section: 'consents', icon: <FactCheckIcon /> },
  { section: 'subjects', icon: <PeopleIcon /> },
  { section: 'registers', icon: <MenuBookIcon /> },
  { section: 'archive', icon: <ArchiveIcon /> },
  { section: 'audit', icon: <GavelIcon /> },
  { section: 'compliance', icon: <VerifiedUserIcon /> },
  { section: 'settings', icon: <SettingsIcon /> },
];

function Screen({ route, navigate }: { route: Route; navigate: (route: Route) => void }) {
  switch (route.section) {
    case 'dashboard':
      return <DashboardScreen navigate={navigate} />;
    case 'subjects':
      return <SubjectsScreen selectedId={route.id} navigate={navigate} />;
    case 'audit':
      return <AuditScreen />;
    case 'settings':
      return <SettingsScreen sectionId={route.id} navigate={navigate} />;
    case 'requests':
      return <RequestsScreen selectedId={route.id} step={route.step} navigate={navigate} />;
    case 'consents':
      return <ConsentsScreen navigate={navigate} />;
    case 'registers':
      return <RegistersScreen tabId={route.id} navigate={navigate} />;
    case 'archive':
      return <ArchiveScreen />;
    case 'compliance':
      return <ComplianceScreen navigate={navigate} />;
  }
}

/**
 * Holds "ready" until quick capture's code is here too: Ctrl+K is pressed the moment the app is up,
 * and keys typed while its chunk was still downloading would be lost. Loaded beside the screen.
 */
function QuickCaptureLoaded() {
  use(loadQuickCapture());
  return null;
}

/** Quick capture, rendered at once: its code is loaded before the app says it is ready. */
function LoadedQuickCapture(props: ComponentProps<NonNullable<ReturnType<typeof loadedQuickCapture>>>) {
  const capture = loadedQuickCapture();
  return capture ? createElement(capture, props) : null;
}

export function Shell({ operator }: { operator: StaffMember }) {
  const { t, i18n } = useTranslation();
  const { desk } = useDesk();
  const { setOperatorId, themeMode, setThemeMode } = useSession();
  const [route, navigate] = useHashRoute();
  const appLock = useLock();

  useEffect(() => desk.on('menu:navigate', ({ section }) => navigate({ section })), [desk, navigate]);
  const [capturing, setCapturing] = useState(false);
  const [captured, setCaptured] = useState<number | null>(null);
  // Ctrl+K (Cmd+K on macOS) opens the quick capture from any screen.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setCapturing(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    document.title = `${t(`nav.${route.section}`)} — RGPD Desk`;
  }, [route.section, t]);

  const switchLanguage = (language: 'fr' | 'en' | null) => {
    if (!language) return;
    void i18n.changeLanguage(language);
    rememberLanguage(language);
  };

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: 2 }}>
          <Typography variant="h6" component="div" sx={{ flexGrow: 1 }}>
            RGPD Desk
          </Typography>
          {/* describeChild: the hint describes the button; its name stays its visible text. */}
          <Tooltip title={t('consents.quickCaptureHint')} describeChild>
            <Button
              color="inherit"
              variant="outlined"
              startIcon={<FactCheckIcon />}
              onClick={() => setCapturing(true)}
              data-testid="quick-capture-open"
            >
              {t('consents.quickCapture')}
            </Button>
          </Tooltip>
          <Tooltip title={t('shell.switchOperator')} describeChild>
            <Button
              color="inherit"
              startIcon={<PersonIcon />}
              onClick={() => setOperatorId(null)}
              data-testid="operator"
            >
              {t('shell.operator', { name: operator.name })}
            </Button>
          </Tooltip>
          {appLock.available && (
            <Tooltip title={t('lock.lockNow')}>
              <IconButton
                color="inherit"
                aria-label={t('lock.lockNow')}
                onClick={appLock.lock}
                data-testid="lock-now"
              >
                <LockIcon />
              </IconButton>
            </Tooltip>
          )}
          <ToggleButtonGroup
            size="small"
            exclusive
            value={i18n.language}
            onChange={(_, value: 'fr' | 'en' | null) => switchLanguage(value)}
            aria-label={t('shell.language')}
            sx={{ bgcolor: 'background.paper', borderRadius: 1 }}
          >
            <ToggleButton value="fr" lang="fr" data-testid="lang-fr">
              FR
            </ToggleButton>
            <ToggleButton value="en" lang="en" data-testid="lang-en">
              EN
            </ToggleButton>
          </ToggleButtonGroup>
          <Tooltip title={themeMode === 'light' ? t('shell.darkTheme') : t('shell.lightTheme')}>
            <IconButton
              color="inherit"
              aria-label={themeMode === 'light' ? t('shell.darkTheme') : t('shell.lightTheme')}
              onClick={() => setThemeMode(themeMode === 'light' ? 'dark' : 'light')}
              data-testid="theme-toggle"
            >
              {themeMode === 'light' ? <DarkModeIcon /> : <LightModeIcon />}
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{
          width: DRAWER_WIDTH,
          flexShrink: 0,
          '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
        }}
      >
        <Toolbar />
        <List component="nav" aria-label={t('nav.menu')}>
          {NAV.map(({ section, icon }) => (
            <ListItemButton
              key={section}
              selected={route.section === section}
              onClick={() => navigate({ section })}
              data-testid={`nav-${section}`}
            >
              <ListItemIcon>{icon}</ListItemIcon>
              <ListItemText primary={t(`nav.${section}`)} />
            </ListItemButton>
          ))}
        </List>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        <Suspense fallback={<ScreenLoading />}>
          {/* Inside the boundary: its deadlines need the holidays the screen loads. */}
          <RemindersBanner navigate={navigate} />
          <Screen route={route} navigate={navigate} />
          <QuickCaptureLoaded />
          <AppReady />
        </Suspense>
        {capturing && (
          <LoadedQuickCapture
            onClose={() => setCapturing(false)}
            onSaved={(count) => {
              setCapturing(false);
              setCaptured(count);
            }}
          />
        )}
        <Snackbar
          open={captured !== null}
          autoHideDuration={4000}
          onClose={() => setCaptured(null)}
          message={captured !== null ? t('consents.saved', { count: captured }) : ''}
          data-testid="capture-saved"
        />
      </Box>
    </Box>
  );
}
