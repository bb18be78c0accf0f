/**
 * The command-line verifier speaks the language of the terminal (LC_ALL, LC_MESSAGES, LANG): French
 * when it says so, English otherwise. Like the native menu, it is drawn outside the renderer's i18n.
 */
import type { Check, ProblemCode } from '../../shared/archive/verification';

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
};

export const CLI_MESSAGES: Record<CliLocale, CliMessages> = {
  en: {
    title: 'RGPD Desk — archive verification',
    usage: 'Usage: npm run verify -- <archive.zip>   (exit 0 valid, 1 invalid, 2 not a readable ZIP)',
    archive: 'Archive: ',
    checks: {
      zip: 'ZIP structure (paths, links, size, entry count)',
      bagit: 'bagit.txt',
      manifest: 'Payload against manifest-sha256.txt',
      tagmanifest: 'Tag files against tagmanifest-sha256.txt',
      oxum: 'Payload-Oxum in bag-info.txt',
      minisign: 'minisign signature of tagmanifest-sha256.txt',
      ssh: 'SSH signature of tagmanifest-sha256.txt',
    },
    count: {
      zip: (n) => `${n} entries`,
      bagit: () => '',
      manifest: (n) => `${n} files`,
      tagmanifest: (n) => `${n} files`,
      oxum: (n) => `${n} files`,
      minisign: () => '',
      ssh: () => '',
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
    },
    minisign: 'minisign',
    ssh: 'SSH',
    refused: 'Refused before reading any file.',
    valid: 'VALID: the archive is complete and its signatures verify.',
    invalid: 'INVALID',
    unreadable: (detail) => `Not a readable ZIP file: ${detail}`,
  },
  fr: {
    title: 'RGPD Desk — vérification d’archive',
    usage: 'Usage : npm run verify -- <archive.zip>   (code 0 valide, 1 invalide, 2 pas un ZIP lisible)',
    archive: 'Archive : ',
    checks: {
      zip: 'Structure du ZIP (chemins, liens, taille, nombre d’entrées)',
      bagit: 'bagit.txt',
      manifest: 'Contenu comparé à manifest-sha256.txt',
      tagmanifest: 'Fichiers d’étiquette comparés à tagmanifest-sha256.txt',
      oxum: 'Payload-Oxum de bag-info.txt',
      minisign: 'Signature minisign de tagmanifest-sha256.txt',
      ssh: 'Signature SSH de tagmanifest-sha256.txt',
    },
    count: {
      zip: (n) => `${n} entrées`,
      bagit: () => '',
      manifest: (n) => `${n} fichiers`,
      tagmanifest: (n) => `${n} fichiers`,
      oxum: (n) => `${n} fichiers`,
      minisign: () => '',
      ssh: () => '',
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
    },
    minisign: 'minisign',
    ssh: 'SSH',
    refused: 'Refusée avant la lecture de tout fichier.',
    valid: 'VALIDE : l’archive est complète et ses signatures sont vérifiées.',
    invalid: 'INVALIDE',
    unreadable: (detail) => `Pas un fichier ZIP lisible : ${detail}`,
  },
};
