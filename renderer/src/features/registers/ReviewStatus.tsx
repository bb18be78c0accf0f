import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterEntry } from '../../../../shared/registers/model';
import { useDbMutation } from '../../app/queries';
import { useToday } from '../../app/useToday';
import { messageKeyOf } from '../../components/errors';
import { markRegisterEntryReviewed } from '../../db/registers';
import { formatDay } from '../../i18n';

/**
 * When the entry was last reviewed, and "Mark as reviewed": the yearly review of the record
 * (Art. 30, the compliance check) without having to change a field to show it was read.
 */
export function ReviewStatus({ entry }: { entry: RegisterEntry }) {
  const { t, i18n } = useTranslation();
  const today = useToday();
  // The dialog keeps the entry it opened on; the review day shown follows this dialog's own mark.
  const [reviewedOn, setReviewedOn] = useState(entry.reviewedOn);
  const [failure, setFailure] = useState<string | null>(null);
  const mark = useDbMutation((db, ctx, day: string) => markRegisterEntryReviewed(db, ctx, entry.id, day));
  const onMark = () => {
    setFailure(null);
    mark.mutate(today, {
      onSuccess: (saved) => setReviewedOn(saved.reviewedOn),
      onError: (error) => setFailure(messageKeyOf(error)),
    });
  };
  return (
    <Stack spacing={1} data-testid="register-review">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Typography data-testid="register-reviewed-on" sx={{ fontWeight: reviewedOn ? 600 : undefined }}>
          {reviewedOn
            ? t('registers.activities.reviewedOn', { date: formatDay(reviewedOn, i18n.language) })
            : t('registers.activities.notReviewed')}
        </Typography>
        <Button
          variant="outlined"
          size="small"
          onClick={onMark}
          disabled={mark.isPending || reviewedOn === today}
          data-testid="register-mark-reviewed"
        >
          {t('registers.activities.markReviewed')}
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {t('registers.activities.reviewHint')}
      </Typography>
      {failure && <Alert severity="error">{t(failure)}</Alert>}
    </Stack>
  );
}
