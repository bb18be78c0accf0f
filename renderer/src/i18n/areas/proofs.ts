/**
 * Messages of the proofs area (who signed an archive, what its verification found in plain words,
 * the audit log's signed checkpoints), French then English. Merged under the top-level key 'proofs'.
 * Each problem has one plain sentence and, apart, the technical term for whoever wants it.
 */
import type { DeepStrings } from './types';

export const proofsFr = {
  verify: {
    valid:
      'Archive valide : complète, inchangée depuis sa signature, et signée par la clé de cette organisation.',
    invalid: 'Cette archive n’est PAS valide.',
    problemCount_one: '{{count}} problème trouvé :',
    problemCount_other: '{{count}} problèmes trouvés :',
    refused:
      'Elle a été refusée sans rien lire : sa structure est dangereuse ou démesurée, aucun fichier n’a été ouvert.',
    signer: {
      current: 'Signée par la clé de cette organisation (clé actuelle, depuis le {{date}}).',
      previous: 'Signée par la clé de cette organisation (ancienne clé, en service depuis le {{date}}).',
      unknown: 'Signée par une clé INCONNUE — pas celle de cette organisation.',
      unknownHint:
        'Quiconque a modifié une archive peut la signer à nouveau avec sa propre clé : seule la comparaison avec les clés de l’organisation (Paramètres → Clé de signature des archives) dit qui a signé.',
    },
    technical: 'Détail technique : {{detail}}',
    key: 'Empreinte de la clé : {{fingerprint}}',
    comment: 'Texte signé : {{comment}}',
    audit: 'Journal d’audit : {{entries}} comparées à {{checkpoints}} (le dernier signé le {{date}}).',
    auditEntries_one: '{{count}} entrée',
    auditEntries_other: '{{count}} entrées',
    auditCheckpoints_one: '{{count}} point de contrôle signé',
    auditCheckpoints_other: '{{count}} points de contrôle signés',
    auditLimits:
      'Les points de contrôle sont signés par une clé gardée par l’ordinateur qui a exporté, en dehors de sa base de données : ils montrent que le journal n’a été ni tronqué ni réécrit après eux, pas ce qu’a pu faire quelqu’un qui maîtrise entièrement cet ordinateur.',
    counts: {
      entries_one: '{{count}} entrée',
      entries_other: '{{count}} entrées',
      files_one: '{{count}} fichier',
      files_other: '{{count}} fichiers',
    },
    problems: {
      unsafe_path:
        'Un fichier porte un nom qui pourrait écrire en dehors du dossier de l’archive : {{path}}.',
      symlink:
        'L’archive contient un lien vers un autre endroit de l’ordinateur au lieu d’un fichier : {{path}}.',
      too_many_entries: 'L’archive contient plus de 100 000 fichiers : bien trop pour une archive RGPD Desk.',
      too_large:
        'Une fois décompressée, l’archive serait démesurée (plus de 20 fois sa taille, ou plus de 20 Go).',
      duplicate_entry: 'Le même fichier figure deux fois dans l’archive : {{path}}.',
      directory_with_data:
        'Un dossier de l’archive cache des données, que certains outils montreraient et d’autres non : {{path}}.',
      path_collision: 'Le même nom désigne à la fois un fichier et un dossier : {{path}}.',
      not_a_bag: 'Ce ZIP n’est pas une archive produite par RGPD Desk.',
      bad_bagit_txt: 'Le fichier qui identifie l’archive est abîmé.',
      bad_bag_info: 'Le fichier qui décrit l’archive est abîmé.',
      bad_manifest: 'La liste des fichiers de l’archive est abîmée.',
      missing_file: 'Un fichier de l’archive a disparu : {{path}}.',
      unlisted_file: 'Un fichier a été ajouté après la création de l’archive : {{path}}.',
      changed_file: 'Un fichier a été modifié après la création de l’archive : {{path}}.',
      unreadable_entry: 'Un fichier ne peut pas être lu, le ZIP est abîmé : {{path}}.',
      oxum_mismatch:
        'Le nombre ou la taille totale des fichiers ne correspond pas à ce que l’archive annonce.',
      missing_signature: 'L’archive n’est pas signée.',
      bad_public_key: 'La clé jointe à l’archive est abîmée.',
      bad_signature: 'La signature ne correspond pas : l’archive a été modifiée après avoir été signée.',
      key_mismatch: 'Les deux signatures de l’archive désignent des clés différentes.',
      unknown_signer: 'L’archive a été signée par une clé inconnue, pas par celle de cette organisation.',
      bad_checkpoints:
        'Les points de contrôle signés du journal d’audit sont abîmés ou leurs signatures sont fausses.',
      audit_broken: 'L’entrée n° {{seq}} du journal d’audit a été modifiée après son écriture.',
      audit_gap: 'Des entrées du journal d’audit manquent entre le n° {{seq}} et le n° {{until}}.',
      audit_truncated:
        'Les entrées du journal d’audit après le n° {{seq}} manquent : un point de contrôle signé avait vu le n° {{until}}.',
      audit_rewritten:
        'Le journal d’audit a été réécrit : l’entrée n° {{seq}} n’est plus celle qui avait été signée.',
    },
    terms: {
      unsafe_path: 'chemin dangereux (absolu ou avec « .. », « zip slip »)',
      symlink: 'entrée de lien symbolique',
      too_many_entries: 'nombre d’entrées du ZIP',
      too_large: 'taille décompressée (« zip bomb »)',
      duplicate_entry: 'nom d’entrée en double',
      directory_with_data: 'entrée de dossier de taille non nulle',
      path_collision: 'collision fichier/dossier',
      not_a_bag: 'pas un « bag » BagIt (RFC 8493) : un dossier contenant bagit.txt',
      bad_bagit_txt: 'bagit.txt non valide',
      bad_bag_info: 'bag-info.txt non valide',
      bad_manifest: 'manifeste non valide',
      missing_file: 'listé dans un manifeste, absent du ZIP',
      unlisted_file: 'absent du manifeste',
      changed_file: 'empreinte SHA-256 différente de celle du manifeste',
      unreadable_entry: 'erreur CRC ou de décompression',
      oxum_mismatch: 'Payload-Oxum de bag-info.txt',
      missing_signature: 'fichier de signature manquant',
      bad_public_key: 'clé publique non valide',
      bad_signature: 'vérification de la signature échouée',
      key_mismatch: 'clés minisign et SSH différentes',
      unknown_signer: 'clé de signature absente des clés de l’organisation',
      bad_checkpoints: 'audit-checkpoints.json',
      audit_broken: 'chaîne de hachage : empreinte ou lien différent',
      audit_gap: 'numéros de séquence manquants',
      audit_truncated: 'chaîne plus courte que son dernier point de contrôle',
      audit_rewritten: 'empreinte différente de celle du point de contrôle',
    },
    where: '{{term}}, dans {{path}}',
    signature: '{{term}} ({{signature}})',
    device: '{{term}}, appareil {{device}}',
  },
  audit: {
    ok_one: 'Journal intact : {{count}} entrée vérifiée sur {{devices}}.',
    ok_other: 'Journal intact : {{count}} entrées vérifiées sur {{devices}}.',
    devices_one: '{{count}} appareil',
    devices_other: '{{count}} appareils',
    anchored_one: 'Le journal de cet appareil correspond à son point de contrôle signé (le {{date}}).',
    anchored_other:
      'Le journal de cet appareil correspond à ses {{count}} points de contrôle signés (le dernier le {{date}}).',
    notAnchored:
      'Aucun point de contrôle signé pour l’instant : il en est pris un à chaque export d’archive et à chaque synchronisation.',
    broken: {
      missing_entry: 'L’entrée n° {{seq}} de l’appareil {{device}} manque ou n’est pas à sa place.',
      broken_link:
        'L’entrée n° {{seq}} de l’appareil {{device}} ne suit plus la précédente : le journal a été modifié.',
      hash_mismatch: 'L’entrée n° {{seq}} de l’appareil {{device}} a été modifiée après son écriture.',
      checkpoint_mismatch:
        'Le journal a été réécrit : l’entrée n° {{seq}} n’est plus celle qui a été signée le {{date}}.',
      truncated:
        'Les entrées après le n° {{seq}} manquent : le journal atteignait le n° {{until}} quand il a été signé le {{date}}.',
    },
    terms: {
      missing_entry: 'numéro de séquence manquant',
      broken_link: 'lien de chaînage (prevHash) différent',
      hash_mismatch: 'empreinte SHA-256 différente',
      checkpoint_mismatch: 'empreinte différente de celle du point de contrôle',
      truncated: 'chaîne plus courte que son dernier point de contrôle',
    },
    technical: 'Détail technique : {{detail}}',
    invalid_one:
      '{{count}} point de contrôle enregistré sur cet ordinateur ne se vérifie pas : le fichier des points de contrôle a été modifié.',
    invalid_other:
      '{{count}} points de contrôle enregistrés sur cet ordinateur ne se vérifient pas : le fichier des points de contrôle a été modifié.',
    proves:
      'Ce que la vérification prouve : aucune entrée n’a été modifiée, retirée ou insérée depuis son écriture sans que la chaîne se rompe, et le journal de cet appareil contient toujours tout ce qu’il contenait à son dernier point de contrôle signé (pris à chaque export d’archive et à chaque synchronisation).',
    cannot:
      'Ce qu’elle ne peut pas prouver : ce qui a été changé après le dernier point de contrôle par quelqu’un qui peut modifier les données de cet ordinateur, ni ce qu’a fait quelqu’un qui maîtrise ce compte d’utilisateur (la clé des points de contrôle est gardée dans le dossier de données{{sealed}}). Les journaux des autres appareils sont ancrés sur ces appareils.',
    sealedOs: ', protégée par le trousseau du système',
    sealedFile: ', lisible par ce seul compte',
  },
};

export const proofsEn: DeepStrings<typeof proofsFr> = {
  verify: {
    valid: 'Valid archive: complete, unchanged since it was signed, and signed by this organisation’s key.',
    invalid: 'This archive is NOT valid.',
    problemCount_one: '{{count}} problem found:',
    problemCount_other: '{{count}} problems found:',
    refused:
      'It was refused without reading anything: its structure is dangerous or absurd, no file was opened.',
    signer: {
      current: 'Signed by this organisation’s key (current key, since {{date}}).',
      previous: 'Signed by this organisation’s key (previous key, in use since {{date}}).',
      unknown: 'Signed by an UNKNOWN key — not this organisation’s.',
      unknownHint:
        'Whoever changed an archive can re-sign it with a key of their own: only comparing with the organisation’s keys (Settings → Archive signing key) tells who signed.',
    },
    technical: 'Technical detail: {{detail}}',
    key: 'Key fingerprint: {{fingerprint}}',
    comment: 'Signed text: {{comment}}',
    audit: 'Audit log: {{entries}} compared with {{checkpoints}} (the latest signed on {{date}}).',
    auditEntries_one: '{{count}} entry',
    auditEntries_other: '{{count}} entries',
    auditCheckpoints_one: '{{count}} signed checkpoint',
    auditCheckpoints_other: '{{count}} signed checkpoints',
    auditLimits:
      'Checkpoints are signed by a key kept by the computer that exported, outside its database: they show the log was neither cut short nor rewritten after them, not what someone in full control of that computer could have done.',
    counts: {
      entries_one: '{{count}} entry',
      entries_other: '{{count}} entries',
      files_one: '{{count}} file',
      files_other: '{{count}} files',
    },
    problems: {
      unsafe_path: 'A file has a name that could write outside the archive’s folder: {{path}}.',
      symlink: 'The archive holds a link to another place on the computer instead of a file: {{path}}.',
      too_many_entries: 'The archive holds more than 100,000 files: far too many for an RGPD Desk archive.',
      too_large:
        'Unpacked, the archive would be absurdly large (more than 20 times its size, or over 20 GB).',
      duplicate_entry: 'The same file appears twice in the archive: {{path}}.',
      directory_with_data:
        'A folder in the archive hides data that some tools would show and others not: {{path}}.',
      path_collision: 'The same name is used for a file and for a folder: {{path}}.',
      not_a_bag: 'This ZIP is not an archive made by RGPD Desk.',
      bad_bagit_txt: 'The file that identifies the archive is damaged.',
      bad_bag_info: 'The file that describes the archive is damaged.',
      bad_manifest: 'The list of the archive’s files is damaged.',
      missing_file: 'A file of the archive is missing: {{path}}.',
      unlisted_file: 'A file was added after the archive was made: {{path}}.',
      changed_file: 'A file was changed after the archive was made: {{path}}.',
      unreadable_entry: 'A file cannot be read, the ZIP is damaged: {{path}}.',
      oxum_mismatch: 'The number or total size of the files differs from what the archive announces.',
      missing_signature: 'The archive is not signed.',
      bad_public_key: 'The key packed in the archive is damaged.',
      bad_signature: 'The signature does not match: the archive was changed after it was signed.',
      key_mismatch: 'The archive’s two signatures name different keys.',
      unknown_signer: 'The archive was signed by an unknown key, not by this organisation’s.',
      bad_checkpoints: 'The audit log’s signed checkpoints are damaged or their signatures are wrong.',
      audit_broken: 'Audit log entry no. {{seq}} was changed after it was written.',
      audit_gap: 'Audit log entries between no. {{seq}} and no. {{until}} are missing.',
      audit_truncated:
        'Audit log entries after no. {{seq}} are missing: a signed checkpoint had seen no. {{until}}.',
      audit_rewritten: 'The audit log was rewritten: entry no. {{seq}} is no longer the one that was signed.',
    },
    terms: {
      unsafe_path: 'unsafe path (absolute or with "..", "zip slip")',
      symlink: 'symbolic link entry',
      too_many_entries: 'ZIP entry count',
      too_large: 'uncompressed size ("zip bomb")',
      duplicate_entry: 'duplicate entry name',
      directory_with_data: 'directory entry with a non-zero size',
      path_collision: 'file/directory collision',
      not_a_bag: 'not a BagIt bag (RFC 8493): one folder holding bagit.txt',
      bad_bagit_txt: 'bagit.txt invalid',
      bad_bag_info: 'bag-info.txt invalid',
      bad_manifest: 'manifest invalid',
      missing_file: 'listed in a manifest, absent from the ZIP',
      unlisted_file: 'not listed in the manifest',
      changed_file: 'SHA-256 differs from the manifest',
      unreadable_entry: 'CRC or decompression error',
      oxum_mismatch: 'Payload-Oxum in bag-info.txt',
      missing_signature: 'signature file missing',
      bad_public_key: 'public key invalid',
      bad_signature: 'signature verification failed',
      key_mismatch: 'minisign and SSH keys differ',
      unknown_signer: 'signing key not among the organisation’s keys',
      bad_checkpoints: 'audit-checkpoints.json',
      audit_broken: 'hash chain: hash or link differs',
      audit_gap: 'missing sequence numbers',
      audit_truncated: 'chain shorter than its last checkpoint',
      audit_rewritten: 'checkpoint hash mismatch',
    },
    where: '{{term}}, in {{path}}',
    signature: '{{term}} ({{signature}})',
    device: '{{term}}, device {{device}}',
  },
  audit: {
    ok_one: 'Log intact: {{count}} entry verified on {{devices}}.',
    ok_other: 'Log intact: {{count}} entries verified on {{devices}}.',
    devices_one: '{{count}} device',
    devices_other: '{{count}} devices',
    anchored_one: 'This device’s log matches its signed checkpoint ({{date}}).',
    anchored_other: 'This device’s log matches its {{count}} signed checkpoints (the latest on {{date}}).',
    notAnchored: 'No signed checkpoint yet: one is taken at every archive export and every sync.',
    broken: {
      missing_entry: 'Entry no. {{seq}} of device {{device}} is missing or out of place.',
      broken_link:
        'Entry no. {{seq}} of device {{device}} no longer follows the one before: the log was changed.',
      hash_mismatch: 'Entry no. {{seq}} of device {{device}} was changed after it was written.',
      checkpoint_mismatch:
        'The log was rewritten: entry no. {{seq}} is no longer the one signed on {{date}}.',
      truncated:
        'Entries after no. {{seq}} are missing: the log had reached no. {{until}} when it was signed on {{date}}.',
    },
    terms: {
      missing_entry: 'missing sequence number',
      broken_link: 'chain link (prevHash) differs',
      hash_mismatch: 'SHA-256 hash differs',
      checkpoint_mismatch: 'checkpoint hash mismatch',
      truncated: 'chain shorter than its last checkpoint',
    },
    technical: 'Technical detail: {{detail}}',
    invalid_one:
      '{{count}} checkpoint stored on this computer does not verify: the checkpoint file was altered.',
    invalid_other:
      '{{count}} checkpoints stored on this computer do not verify: the checkpoint file was altered.',
    proves:
      'What this check proves: no entry was changed, removed or inserted since it was written without breaking the chain, and this device’s log still holds everything it held at its last signed checkpoint (taken at every archive export and every sync).',
    cannot:
      'What it cannot prove: changes made after the last checkpoint by someone who can edit this computer’s data, or anything done by someone in control of this user account (the checkpoint key is kept in the data folder{{sealed}}). Other devices’ logs are anchored on those devices.',
    sealedOs: ', sealed by the system keychain',
    sealedFile: ', readable by this account only',
  },
};
