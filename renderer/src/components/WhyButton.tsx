import HelpOutlinedIcon from '@mui/icons-material/HelpOutlined';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { explanation, type ExplainTopic } from '../../../shared/explain/texts';

/**
 * "Pourquoi ?" next to a legal step: opens the explanation of `topic` (shared/explain/texts.ts) in
 * the interface's language. A dialog rather than a tooltip, so it is reached and closed by keyboard
 * and read whole by a screen reader.
 */
export function WhyButton({ topic }: { topic: ExplainTopic }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const textId = useId();
  const text = explanation(topic, i18n.language);
  return (
    <>
      <Button
        size="small"
        startIcon={<HelpOutlinedIcon />}
        onClick={() => setOpen(true)}
        aria-label={t('compliance.why.label', { title: text.title })}
        data-testid={`why-${topic}`}
        sx={{ textTransform: 'none', verticalAlign: 'baseline', alignSelf: 'flex-start' }}
      >
        {t('compliance.why.button')}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby={titleId}
        aria-describedby={textId}
        maxWidth="sm"
        fullWidth
        data-testid="why-dialog"
      >
        <DialogTitle id={titleId}>{text.title}</DialogTitle>
        <DialogContent>
          <Typography id={textId} sx={{ mb: 2 }}>
            {text.text}
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="why-reference">
            {t('compliance.why.reference', { reference: text.reference })}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} autoFocus>
            {t('common.close')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
