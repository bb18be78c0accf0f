import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import SignaturePad from 'signature_pad';
import { useEffect, useRef } from 'react';

/**
 * A signature drawn with a finger, a stylus or the mouse (pointer events). `onChange` says whether
 * anything is drawn; `padRef` gives the pad to read the PNG from when the choices are confirmed.
 */
export function SignatureField({
  label,
  clearLabel,
  onChange,
  padRef,
}: {
  label: string;
  clearLabel: string;
  onChange: (signed: boolean) => void;
  padRef: { current: SignaturePad | null };
}) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    // The canvas is drawn at the screen's pixel density, so the stored image is sharp.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    element.width = element.offsetWidth * ratio;
    element.height = element.offsetHeight * ratio;
    element.getContext('2d')?.scale(ratio, ratio);
    const pad = new SignaturePad(element, { backgroundColor: 'rgb(255,255,255)', penColor: 'rgb(0,0,60)' });
    pad.addEventListener('endStroke', () => onChange(!pad.isEmpty()));
    padRef.current = pad;
    return () => {
      pad.off();
      padRef.current = null;
    };
  }, [onChange, padRef]);
  return (
    <Box>
      <Typography component="p" variant="h6" id="kiosk-signature-label" gutterBottom>
        {label}
      </Typography>
      <Box
        component="canvas"
        ref={canvas}
        role="img"
        aria-labelledby="kiosk-signature-label"
        data-testid="kiosk-signature"
        sx={{
          width: '100%',
          height: 200,
          border: 2,
          borderColor: 'divider',
          borderRadius: 1,
          bgcolor: '#fff',
          touchAction: 'none',
          display: 'block',
        }}
      />
      <Button
        sx={{ mt: 1, minHeight: 48 }}
        onClick={() => {
          padRef.current?.clear();
          onChange(false);
        }}
        data-testid="kiosk-signature-clear"
      >
        {clearLabel}
      </Button>
    </Box>
  );
}
