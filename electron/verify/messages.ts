/**
 * The command-line verifier speaks the language of the terminal (LC_ALL, LC_MESSAGES, LANG): French
 * when it says so, English otherwise. Like the native menu, it is drawn outside the renderer's i18n.
 */
import type { Check, ProblemCode } from '../../shared/archive/verification';

/** Audit problems carry entry numbers; these say what they mean. */
export type AuditDetail = {
  audit_truncated: (seq: string, until: string) => string;
  audit_gap: (seq: string, until: string) => string;
  audit_rewritten: (seq: string) => string;
  audit_broken: (seq: string) => string;
};

export type CliLocale = 'fr' | 'en';

export function cliLocale(env: NodeJS.ProcessEnv = process.env): CliLocale {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return tag.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

type CliMessages = {
  title: string;
  usage: string;
  archive: string;
  checks: Record<Check['name'], string>;
  count: Record<Check['name'], (count: number) => string>;
  passed: string;
  failed: string;
  key: (fingerprint: string, keyId: string) => string;
  trustedComment: string;
  problems: string;
  /** Before a path: typography differs (French puts a space before the colon). */
  colon: string;
  problem: Record<ProblemCode, string>;
  minisign: string;
  ssh: string;
  refused: string;
  valid: string;
  invalid: string;
  unreadable: (detail: string) => string;
  auditDetail: AuditDetail;
  device: (deviceId: string) => string;
  audit: (entries: string, checkpoints: string) => string;
  notPinned: string;
  pinned: (fingerprint: string) => string;
  pubkeyUnreadable: (file: string, detail: string) => string;
  pubkeyEmpty: (file: string) => string;
  badFingerprint: (value: string) => string;
  badOption: (option: string) => string;
};

export const CLI_MESSAGES: Record<CliLocale, CliMessages> = {
  en: {
    title: 'RGPD Desk — archive verification',
    usage: [
      'Usage: npm run verify -- [--pubkey FILE] [--fingerprint SHA256:…] <archive.zip>',
      "  --pubkey FILE          the organisation's minisign.pub, allowed_signers or SSH public key",
      '  --fingerprint SHA256:… the fingerprint the organisation gave you (may be repeated)',
      'Exit codes: 0 valid and signed by a pinned key; 1 invalid, or signed by another key;',
      '            2 not a readable ZIP (or a wrong command line); 3 valid but the signer is not pinned.',
    ].join('\n'),
    archive: 'Archive: ',
    checks: {
      zip: 'ZIP structure (paths, links, size, entry count)',
      bagit: 'bagit.txt',
      manifest: 'Payload against manifest-sha256.txt',
      tagmanifest: 'Tag files against tagmanifest-sha256.txt',
      oxum: 'Payload-Oxum in bag-info.txt',
      minisign: 'minisign signature of tagmanifest-sha256.txt',
      ssh: 'SSH signature of tagmanifest-sha256.txt',
      signer: 'Signing key is the pinned key',
      audit: 'Audit log against its signed checkpoints',
    },
    count: {
      zip: (n) => `${n} entries`,
      bagit: () => '',
      manifest: (n) => `${n} files`,
      tagmanifest: (n) => `${n} files`,
      oxum: (n) => `${n} files`,
      minisign: () => '',
      ssh: () => '',
      signer: () => '',
      audit: (n) => `${n} entries`,
    },
    passed: 'OK',
    failed: 'FAILED',
    key: (fingerprint, keyId) => `Signing key: ${fingerprint} (minisign key ID ${keyId})`,
    trustedComment: 'Trusted comment: ',
    problems: 'Problems:',
    colon: ': ',
    problem: {
      unsafe_path: 'unsafe path (absolute or with "..")',
      symlink: 'symbolic link',
      too_many_entries: 'more than 100,000 entries',
      too_large: 'uncompressed size too large (more than 20 times the ZIP, or more than 20 GB)',
      duplicate_entry: 'entry present twice',
      directory_with_data: 'folder entry that carries data',
      path_collision: 'name used both as a file and as a folder',
      not_a_bag: 'not a BagIt bag (one folder holding bagit.txt)',
      bad_bagit_txt: 'bagit.txt is not valid',
      bad_bag_info: 'bag-info.txt is not valid',
      bad_manifest: 'manifest is not valid',
      missing_file: 'missing file',
      unlisted_file: 'file not listed in the manifest',
      changed_file: 'changed file (checksum differs)',
      unreadable_entry: 'entry cannot be read (damaged ZIP)',
      oxum_mismatch: 'Payload-Oxum does not match the payload',
      missing_signature: 'signature missing',
      bad_public_key: 'public key not valid',
      bad_signature: 'bad signature',
      key_mismatch: 'the two signatures name different keys',
      unknown_signer: 'signed by a key other than the pinned one',
      bad_checkpoints: 'audit checkpoints damaged or their signatures do not verify',
      audit_broken: 'audit log entry changed (its hash or its link differs)',
      audit_gap: 'audit log entries missing',
      audit_truncated: 'audit log cut short',
      audit_rewritten: 'audit log rewritten (an entry differs from its signed checkpoint)',
    },
    minisign: 'minisign',
    ssh: 'SSH',
    refused: 'Refused before reading any file.',
    valid: 'VALID: the archive is complete, its signatures verify and it was signed by the pinned key.',
    invalid: 'INVALID',
    unreadable: (detail) => `Not a readable ZIP file: ${detail}`,
    auditDetail: {
      audit_truncated: (seq, until) =>
        `entries after no. ${seq} are missing (a signed checkpoint saw no. ${until})`,
      audit_gap: (seq, until) => `entries between no. ${seq} and no. ${until} are missing`,
      audit_rewritten: (seq) => `entry no. ${seq} is not the one its checkpoint signed`,
      audit_broken: (seq) => `entry no. ${seq}`,
    },
    device: (deviceId) => `device ${deviceId}`,
    audit: (entries, checkpoints) =>
      `Audit log: ${entries} entries compared with ${checkpoints} signed checkpoints.`,
    notPinned: [
      'SIGNATURE CONSISTENT, SIGNER NOT PINNED: the archive is complete and matches the key it carries,',
      'but anyone who changed it could have re-signed it with a key of their own. Compare the signing',
      'key fingerprint above with the one the organisation gives out (printed on its archive report and',
      'shown in its Settings), or run again with --pubkey FILE or --fingerprint SHA256:….',
    ].join('\n'),
    pinned: (fingerprint) => `Pinned key: ${fingerprint}`,
    pubkeyUnreadable: (file, detail) => `Cannot read the key file ${file}: ${detail}`,
    pubkeyEmpty: (file) => `No Ed25519 public key in ${file} (expected minisign.pub or allowed_signers).`,
    badFingerprint: (value) => `Not a key fingerprint: ${value} (expected SHA256: and 43 characters).`,
    badOption: (option) => `Unknown option or missing value: ${option}`,
  },
  fr: {
    title: 'RGPD Desk — vérification d’archive',
    usage: [
      'Usage : npm run verify -- [--pubkey FICHIER] [--fingerprint SHA256:…] <archive.zip>',
      '  --pubkey FICHIER       le minisign.pub, l’allowed_signers ou la clé publique SSH de l’organisation',
      '  --fingerprint SHA256:… l’empreinte que l’organisation vous a donnée (peut être répété)',
      'Codes de sortie : 0 valide et signée par une clé épinglée ; 1 invalide, ou signée par une autre clé ;',
      '                  2 pas un ZIP lisible (ou ligne de commande erronée) ; 3 valide mais signataire non épinglé.',
    ].join('\n'),
    archive: 'Archive : ',
    checks: {
      zip: 'Structure du ZIP (chemins, liens, taille, nombre d’entrées)',
      bagit: 'bagit.txt',
      manifest: 'Contenu comparé à manifest-sha256.txt',
      tagmanifest: 'Fichiers d’étiquette comparés à tagmanifest-sha256.txt',
      oxum: 'Payload-Oxum de bag-info.txt',
      minisign: 'Signature minisign de tagmanifest-sha256.txt',
      ssh: 'Signature SSH de tagmanifest-sha256.txt',
      signer: 'La clé de signature est la clé épinglée',
      audit: 'Journal d’audit comparé à ses points de contrôle signés',
    },
    count: {
      zip: (n) => `${n} entrées`,
      bagit: () => '',
      manifest: (n) => `${n} fichiers`,
      tagmanifest: (n) => `${n} fichiers`,
      oxum: (n) => `${n} fichiers`,
      minisign: () => '',
      ssh: () => '',
      signer: () => '',
      audit: (n) => `${n} entrées`,
    },
    passed: 'OK',
    failed: 'ÉCHEC',
    key: (fingerprint, keyId) => `Clé de signature : ${fingerprint} (identifiant minisign ${keyId})`,
    trustedComment: 'Commentaire de confiance : ',
    problems: 'Problèmes :',
    colon: ' : ',
    problem: {
      unsafe_path: 'chemin dangereux (absolu ou avec « .. »)',
      symlink: 'lien symbolique',
      too_many_entries: 'plus de 100 000 entrées',
      too_large: 'taille décompressée trop grande (plus de 20 fois le ZIP, ou plus de 20 Go)',
      duplicate_entry: 'entrée présente deux fois',
      directory_with_data: 'entrée de dossier qui contient des données',
      path_collision: 'nom utilisé à la fois pour un fichier et pour un dossier',
      not_a_bag: 'pas un « bag » BagIt (un dossier contenant bagit.txt)',
      bad_bagit_txt: 'bagit.txt n’est pas valide',
      bad_bag_info: 'bag-info.txt n’est pas valide',
      bad_manifest: 'manifeste non valide',
      missing_file: 'fichier manquant',
      unlisted_file: 'fichier absent du manifeste',
      changed_file: 'fichier modifié (empreinte différente)',
      unreadable_entry: 'entrée illisible (ZIP endommagé)',
      oxum_mismatch: 'Payload-Oxum ne correspond pas au contenu',
      missing_signature: 'signature manquante',
      bad_public_key: 'clé publique non valide',
      bad_signature: 'signature incorrecte',
      key_mismatch: 'les deux signatures désignent des clés différentes',
      unknown_signer: 'signée par une autre clé que la clé épinglée',
      bad_checkpoints: 'points de contrôle du journal d’audit endommagés ou signatures fausses',
      audit_broken: 'entrée du journal d’audit modifiée (son empreinte ou son lien diffère)',
      audit_gap: 'entrées du journal d’audit manquantes',
      audit_truncated: 'journal d’audit tronqué',
      audit_rewritten: 'journal d’audit réécrit (une entrée diffère de son point de contrôle signé)',
    },
    minisign: 'minisign',
    ssh: 'SSH',
    refused: 'Refusée avant la lecture de tout fichier.',
    valid:
      'VALIDE : l’archive est complète, ses signatures sont vérifiées et elle a été signée par la clé épinglée.',
    invalid: 'INVALIDE',
    unreadable: (detail) => `Pas un fichier ZIP lisible : ${detail}`,
    auditDetail: {
      audit_truncated: (seq, until) =>
        `les entrées après le n° ${seq} manquent (un point de contrôle signé a vu le n° ${until})`,
      audit_gap: (seq, until) => `les entrées entre le n° ${seq} et le n° ${until} manquent`,
      audit_rewritten: (seq) => `l’entrée n° ${seq} n’est pas celle que son point de contrôle a signée`,
      audit_broken: (seq) => `entrée n° ${seq}`,
    },
    device: (deviceId) => `appareil ${deviceId}`,
    audit: (entries, checkpoints) =>
      `Journal d’audit : ${entries} entrées comparées à ${checkpoints} points de contrôle signés.`,
    notPinned: [
      'SIGNATURE COHÉRENTE, SIGNATAIRE NON ÉPINGLÉ : l’archive est complète et correspond à la clé qu’elle',
      'contient, mais quiconque l’aurait modifiée aurait pu la signer à nouveau avec sa propre clé. Comparez',
      'l’empreinte de la clé de signature ci-dessus avec celle que l’organisation communique (imprimée sur',
      'son rapport d’archive et affichée dans ses paramètres), ou relancez avec --pubkey FICHIER ou',
      '--fingerprint SHA256:….',
    ].join('\n'),
    pinned: (fingerprint) => `Clé épinglée : ${fingerprint}`,
    pubkeyUnreadable: (file, detail) => `Impossible de lire le fichier de clé ${file} : ${detail}`,
    pubkeyEmpty: (file) =>
      `Aucune clé publique Ed25519 dans ${file} (attendu : minisign.pub ou allowed_signers).`,
    badFingerprint: (value) =>
      `Ce n’est pas une empreinte de clé : ${value} (attendu : SHA256: suivi de 43 caractères).`,
    badOption: (option) => `Option inconnue ou valeur manquante : ${option}`,
  },
};
