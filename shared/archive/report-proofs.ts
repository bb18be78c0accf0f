/**
 * The report's "who signed, and what anchors the audit log" section: the fingerprint the recipient
 * must compare with the one the organisation gives out, how to pin it on the command line, and the
 * signed checkpoint of the audit log's head taken for this export. Kept apart from report.ts so the
 * report's own wording can change without touching it.
 */
import { printable } from '../text/printable';

export type ReportAnchor = {
  /** Signed checkpoints of the exporting device's audit log, and the latest one. */
  checkpoints: number;
  seq: number;
  at: string;
  /** Fingerprint of the device's checkpoint key. */
  fingerprint: string;
};

type ProofInput = { lang: 'fr' | 'en'; fingerprint: string; anchor?: ReportAnchor | null };

const LABELS = {
  fr: {
    heading: 'Vérifier qui a signé',
    compare: (fingerprint: string) =>
      `Empreinte de la clé de signature de l’organisation : ${fingerprint}. Comparez-la avec celle que l’organisation vous communique elle-même (affichée dans RGPD Desk sous Paramètres → Clé de signature des archives) : une archive modifiée puis signée à nouveau par quelqu’un d’autre porte une autre empreinte.`,
    command: (fingerprint: string) =>
      `En ligne de commande : npm run verify -- --fingerprint ${fingerprint} archive.zip (0 : valide et signée par cette clé ; 1 : invalide ou signée par une autre clé ; 3 : signataire non vérifié).`,
    anchor: (anchor: ReportAnchor, at: string, count: string, seq: string) =>
      `Journal d’audit : ${count} de l’appareil qui a exporté ; le dernier, pris pour cet export le ${at}, couvre l’entrée n° ${seq}. Clé des points de contrôle : ${anchor.fingerprint}. Ils prouvent que le journal n’a été ni tronqué ni réécrit depuis, pas ce qu’a pu faire quelqu’un qui maîtrise entièrement cet ordinateur.`,
    checkpoints: (n: number) => (n === 1 ? '1 point de contrôle signé' : `${n} points de contrôle signés`),
    noAnchor: 'Journal d’audit : aucun point de contrôle signé n’accompagne cette archive.',
  },
  en: {
    heading: 'Checking who signed',
    compare: (fingerprint: string) =>
      `The organisation’s signing key fingerprint: ${fingerprint}. Compare it with the one the organisation gives out itself (shown in RGPD Desk under Settings → Archive signing key): an archive changed and re-signed by someone else carries another fingerprint.`,
    command: (fingerprint: string) =>
      `On the command line: npm run verify -- --fingerprint ${fingerprint} archive.zip (0: valid and signed by this key; 1: invalid or signed by another key; 3: signer not checked).`,
    anchor: (anchor: ReportAnchor, at: string, count: string, seq: string) =>
      `Audit log: ${count} of the exporting device; the latest, taken for this export on ${at}, covers entry no. ${seq}. Checkpoint key: ${anchor.fingerprint}. They prove the log was neither cut short nor rewritten since, not what someone in full control of that computer could have done.`,
    checkpoints: (n: number) => (n === 1 ? '1 signed checkpoint' : `${n} signed checkpoints`),
    noAnchor: 'Audit log: no signed checkpoint comes with this archive.',
  },
};

/** The section's heading and paragraphs, in the report's language, every value made printable. */
export function proofSection(report: ProofInput): { heading: string; paragraphs: string[] } {
  const l = LABELS[report.lang];
  const locale = report.lang === 'fr' ? 'fr-FR' : 'en-GB';
  const fingerprint = printable(report.fingerprint);
  const anchor = report.anchor;
  const anchorText = anchor
    ? l.anchor(
        { ...anchor, fingerprint: printable(anchor.fingerprint) },
        new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(
          new Date(anchor.at),
        ) + ' UTC',
        l.checkpoints(anchor.checkpoints),
        new Intl.NumberFormat(locale).format(anchor.seq),
      )
    : l.noAnchor;
  return { heading: l.heading, paragraphs: [l.compare(fingerprint), l.command(fingerprint), anchorText] };
}
