import { useState } from 'react';
import { ErasureDialog } from '../erasure/ErasureDialog';
import { RetentionReview } from './RetentionReview';

/** The Registers screen's retention tab: the review list, and erasure of those past their period. */
export function RetentionTab() {
  const [erasing, setErasing] = useState<string | null>(null);
  return (
    <>
      <RetentionReview onErase={setErasing} />
      {erasing && (
        <ErasureDialog
          subjectId={erasing}
          reason="retention"
          onClose={() => setErasing(null)}
          onErased={() => setErasing(null)}
        />
      )}
    </>
  );
}
