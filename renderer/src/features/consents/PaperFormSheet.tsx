import type { CSSProperties } from 'react';
import type { TFunction } from 'i18next';
import { noticeTellsWithdrawal } from '../../../../shared/consent/paper-form';
import type { ConsentFormInput } from '../../../../shared/pdf/consent-form';
import { formatDay } from '../../i18n';

const box: CSSProperties = {
  display: 'inline-block',
  width: '3.6mm',
  height: '3.6mm',
  border: '0.3mm solid #000',
  verticalAlign: '-0.5mm',
  marginRight: '1.5mm',
};
const writingLine: CSSProperties = {
  display: 'flex',
  alignItems: 'flex-end',
  gap: '2mm',
  height: '11mm',
};
const line: CSSProperties = { flexGrow: 1, borderBottom: '0.2mm solid #000', marginBottom: '1mm' };

/**
 * The paper consent form as HTML, in the form's language (`tf`), with the same content as the PDF
 * (shared/pdf/consent-form): for the on-screen preview and for printing from the app.
 */
export function PaperFormSheet({
  form,
  tf,
  repeatReference,
}: {
  form: Omit<ConsentFormInput, 'issuedOn'>;
  tf: TFunction;
  /** In print, the reference is repeated at the foot of every page. */
  repeatReference?: boolean;
}) {
  const { organisation: org, notice, lang } = form;
  const asksConsent = form.purposes.some((purpose) => purpose.lawfulBasis !== 'legitimate_interest');
  const asksObjection = form.purposes.some((purpose) => purpose.lawfulBasis === 'legitimate_interest');
  const reference = tf('consents.screen.paper.form.reference', { reference: form.formReference });
  const body = (
    <>
      <div style={{ fontWeight: 700, fontSize: '12pt' }}>{org.legalName}</div>
      <div style={{ whiteSpace: 'pre-line', fontSize: '9.5pt' }}>{org.address}</div>
      <div style={{ fontSize: '9.5pt' }}>
        {tf('consents.screen.paper.form.contact', { email: org.contactEmail })}
      </div>
      {org.dpoEmail && (
        <div style={{ fontSize: '9.5pt' }}>
          {tf('consents.screen.paper.form.dpo', { email: org.dpoEmail })}
        </div>
      )}
      <hr style={{ border: 0, borderTop: '0.3mm solid #000', margin: '2mm 0' }} />
      <h1 style={{ fontSize: '15pt', margin: '3mm 0' }}>{tf('consents.screen.paper.form.title')}</h1>
      <h2 style={{ fontSize: '12pt', margin: '2mm 0 1mm' }}>{notice.title}</h2>
      <div style={{ fontSize: '9.5pt' }}>
        {tf('consents.screen.paper.form.version', {
          number: notice.number,
          date: formatDay(notice.effectiveOn, lang),
        })}
      </div>
      <p style={{ whiteSpace: 'pre-wrap' }}>{notice.text}</p>
      {asksConsent && !noticeTellsWithdrawal(notice.text) && (
        <p style={{ fontWeight: 700, fontSize: '10pt' }}>
          {tf('consents.screen.paper.form.withdrawal', { email: org.contactEmail })}
        </p>
      )}
      <div style={{ breakInside: 'avoid' }}>
        <h2 style={{ fontSize: '12pt', margin: '4mm 0 1mm' }}>{tf('consents.screen.paper.form.choices')}</h2>
        {asksConsent && (
          <div style={{ fontSize: '9.5pt', marginBottom: '1mm' }}>{tf('paperForm.consentRule')}</div>
        )}
        {asksObjection && (
          <div style={{ fontSize: '9.5pt', marginBottom: '1mm' }}>{tf('paperForm.objectionRule')}</div>
        )}
      </div>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          {form.purposes.map((purpose) => (
            <tr key={purpose.id} style={{ borderTop: '0.1mm solid #999', breakInside: 'avoid' }}>
              <td style={{ padding: '2.5mm 4mm 2.5mm 0', verticalAlign: 'top' }}>
                <div style={{ fontWeight: 700 }}>{purpose.name}</div>
                {purpose.description && <div style={{ fontSize: '9.5pt' }}>{purpose.description}</div>}
              </td>
              <td style={{ padding: '2.5mm 0', verticalAlign: 'top', whiteSpace: 'nowrap', width: '38mm' }}>
                {purpose.lawfulBasis === 'legitimate_interest' ? (
                  <>
                    <span style={box} />
                    {tf('paperForm.object')}
                  </>
                ) : (
                  <>
                    <span style={box} />
                    {tf('consents.screen.paper.form.yes')}
                    <span style={{ ...box, marginLeft: '6mm' }} />
                    {tf('consents.screen.paper.form.no')}
                  </>
                )}
              </td>
            </tr>
          ))}
          <tr style={{ borderTop: '0.1mm solid #999' }}>
            <td colSpan={2} />
          </tr>
        </tbody>
      </table>
      <div style={{ breakInside: 'avoid', marginTop: '6mm' }}>
        <div style={writingLine}>
          {tf('consents.screen.paper.form.fullName')}
          <span style={line} />
        </div>
        <div style={writingLine}>
          {tf('consents.screen.paper.form.contactField')}
          <span style={line} />
        </div>
        <div style={{ ...writingLine, width: '70mm' }}>
          {tf('consents.screen.paper.form.date')}
          <span style={line} />
        </div>
        <div style={{ marginTop: '4mm' }}>{tf('consents.screen.paper.form.signature')}</div>
        <div style={{ width: '90mm', height: '28mm', border: '0.3mm solid #000' }} />
      </div>
    </>
  );
  const sheet = { fontFamily: 'Georgia, serif', fontSize: '10.5pt', color: '#000', lineHeight: 1.35 };
  if (!repeatReference)
    return (
      <div lang={lang} style={sheet}>
        {body}
        <div style={{ textAlign: 'center', fontSize: '8pt', marginTop: '6mm' }}>{reference}</div>
      </div>
    );
  // Chromium repeats a table's footer on every printed page: the empty one keeps room for the
  // reference, which a fixed element prints at the foot of every page.
  return (
    <div lang={lang} style={sheet}>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          <tr>
            <td style={{ padding: 0 }}>{body}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <td style={{ height: '10mm', padding: 0 }} />
          </tr>
        </tfoot>
      </table>
      <div style={{ position: 'fixed', bottom: 0, left: 0, right: 0, textAlign: 'center', fontSize: '8pt' }}>
        {reference}
      </div>
    </div>
  );
}
