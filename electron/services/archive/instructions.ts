/** VERIFY.txt: how a recipient checks the archive with standard tools, in French then English. */
import {
  ALLOWED_SIGNERS,
  MANIFEST,
  MINISIG,
  MINISIGN_PUB,
  SSH_NAMESPACE,
  SSH_SIGNER_IDENTITY,
  SSHSIG,
  TAGMANIFEST,
} from '../../../shared/archive/bagit';

export const VERIFY_COMMANDS = [
  `minisign -Vm ${TAGMANIFEST} -p ${MINISIGN_PUB}`,
  `ssh-keygen -Y verify -f ${ALLOWED_SIGNERS} -I ${SSH_SIGNER_IDENTITY} -n ${SSH_NAMESPACE} -s ${SSHSIG} < ${TAGMANIFEST}`,
  `sha256sum -c ${TAGMANIFEST}`,
  `sha256sum -c ${MANIFEST}`,
] as const;

export function verifyInstructions(bagName: string, fingerprint: string, keyId: string): string {
  const commands = VERIFY_COMMANDS.map((command) => `    ${command}`).join('\n');
  return `VÉRIFIER CETTE ARCHIVE
======================

Cette archive est un « bag » BagIt 1.0 (RFC 8493), signé avec une clé Ed25519.
Empreinte de la clé de signature : ${fingerprint}
Identifiant de clé minisign : ${keyId}
Confirmez cette empreinte auprès de l'organisation (par téléphone par exemple) : la signature
prouve seulement que l'archive n'a pas changé depuis qu'elle a été signée par cette clé.

Décompressez l'archive, placez-vous dans le dossier ${bagName}, puis lancez :

${commands}

1. minisign vérifie la signature de ${TAGMANIFEST} et affiche le commentaire de confiance
   (organisation, date, identifiant de l'archive).
2. ssh-keygen vérifie la même chose avec la signature SSH (espace de noms « ${SSH_NAMESPACE} »).
3. ${TAGMANIFEST} donne l'empreinte SHA-256 de chaque fichier d'étiquette (bagit.txt,
   bag-info.txt, ${MANIFEST}, ce fichier, les clés publiques).
4. ${MANIFEST} donne l'empreinte SHA-256 de chaque fichier du dossier data/.

Les fichiers de signature ${MINISIG} et ${SSHSIG} sont les seuls fichiers qui ne sont pas
listés dans ${TAGMANIFEST} : ils signent ce fichier, ils ne peuvent donc pas y figurer.
Chaque commande doit réussir (« Signature and comment signature verified », « Good "file"
signature », « OK » pour chaque ligne). Sinon, un octet au moins a changé.

L'application RGPD Desk vérifie aussi tout cela : écran « Vérifier une archive », ou
\`npm run verify -- archive.zip\`.


VERIFYING THIS ARCHIVE
======================

This archive is a BagIt 1.0 bag (RFC 8493), signed with an Ed25519 key.
Signing key fingerprint: ${fingerprint}
minisign key ID: ${keyId}
Confirm this fingerprint with the organisation (by phone, for instance): the signature only proves
that the archive has not changed since this key signed it.

Unzip the archive, go into the folder ${bagName}, then run:

${commands}

1. minisign checks the signature of ${TAGMANIFEST} and prints the trusted comment
   (organisation, date, archive id).
2. ssh-keygen checks the same with the SSH signature (namespace "${SSH_NAMESPACE}").
3. ${TAGMANIFEST} holds the SHA-256 of every tag file (bagit.txt, bag-info.txt,
   ${MANIFEST}, this file, the public keys).
4. ${MANIFEST} holds the SHA-256 of every file under data/.

The signature files ${MINISIG} and ${SSHSIG} are the only files not listed in
${TAGMANIFEST}: they sign that file, so they cannot be part of it.
Every command must succeed ("Signature and comment signature verified", "Good "file" signature",
"OK" for every line). Otherwise at least one byte has changed.

The RGPD Desk application checks all of this too: "Verify an archive" screen, or
\`npm run verify -- archive.zip\`.
`;
}
