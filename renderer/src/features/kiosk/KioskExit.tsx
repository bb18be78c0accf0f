import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import { useEffect, useRef, useState } from 'react';
import { useLock } from '../lock/hooks';

/** How long the way out must be held when nobody has a lock code. */
export const HOLD_TO_EXIT_MS = 2_000;

/**
 * The way out of the kiosk. Where a staff member has a lock code, handing back locks the app: only a
 * PIN or passphrase opens it again. Otherwise a single tap cannot do it: the button must be held,
 * then the exit confirmed.
 */
export function KioskExit({ t, onHandBack }: { t: (key: string) => string; onHandBack: () => void }) {
  const { available, lock } = useLock();
  const [held, setHeld] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const stop = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
    setHeld(0);
  };
  useEffect(() => stop, []);

  if (available)
    return (
      <Button
        size="large"
        sx={{ minHeight: 48 }}
        onClick={() => {
          onHandBack();
          lock();
        }}
        data-testid="kiosk-hand-back"
      >
        {t('kiosk.handBack')}
      </Button>
    );

  const start = () => {
    const began = Date.now();
    timer.current = setInterval(() => {
      const elapsed = Date.now() - began;
      setHeld(Math.min(100, (elapsed / HOLD_TO_EXIT_MS) * 100));
      if (elapsed >= HOLD_TO_EXIT_MS) {
        stop();
        setConfirming(true);
      }
    }, 50);
  };
  return (
    <>
      <Button
        size="large"
        sx={{ minHeight: 48, flexDirection: 'column' }}
        onPointerDown={start}
        onPointerUp={stop}
        onPointerLeave={stop}
        onPointerCancel={stop}
        onContextMenu={(event) => event.preventDefault()}
        data-testid="kiosk-hold-exit"
      >
        {t('kiosk.holdToExit')}
        {held > 0 && <LinearProgress variant="determinate" value={held} sx={{ width: '100%', mt: 0.5 }} />}
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)}>
        <DialogTitle>{t('kiosk.exitTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('kiosk.exitText')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>{t('kiosk.cancel')}</Button>
          <Button variant="contained" onClick={onHandBack} data-testid="kiosk-exit-confirm">
            {t('kiosk.exitConfirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
