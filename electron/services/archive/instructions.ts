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

AVANT TOUT, comparez cette empreinte avec celle que l'organisation vous communique elle-même
(imprimée sur le rapport de ses archives, affichée dans ses paramètres, ou donnée par téléphone).
La clé publique jointe à l'archive (minisign.pub, allowed_signers) ne prouve rien à elle seule :
quiconque modifie l'archive peut la signer à nouveau avec sa propre clé et remplacer ces fichiers.
Si l'empreinte diffère, l'archive n'a pas été signée par cette organisation.

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

Mieux : avec minisign, utilisez la clé publique que l'organisation vous a remise, pas celle de
l'archive (« -p sa-cle.pub »).

L'application RGPD Desk vérifie aussi tout cela : écran « Vérifier une archive » (qui compare la
clé avec les clés de l'organisation), ou en ligne de commande :

    npm run verify -- --fingerprint SHA256:… archive.zip   (l'empreinte que l'organisation donne)
    npm run verify -- --pubkey sa-cle.pub archive.zip      (sa minisign.pub ou son allowed_signers)

Codes de sortie : 0 valide et signée par la clé épinglée ; 1 invalide, ou signée par une autre
clé ; 2 fichier illisible ou pas un ZIP ; 3 valide mais signataire non épinglé (« signature
cohérente, signataire non épinglé » : sans --pubkey ni --fingerprint, rien ne dit qui a signé).

Si l'archive contient le journal d'audit, audit-checkpoints.json porte les points de contrôle
signés de sa tête : le vérificateur signale un journal plus court que son dernier point de
contrôle ou réécrit depuis. Ces points sont signés par une clé propre à l'appareil, gardée hors
de la base de données ; ils ne prouvent rien contre quelqu'un qui maîtrise ce poste entier.


VERIFYING THIS ARCHIVE
======================

This archive is a BagIt 1.0 bag (RFC 8493), signed with an Ed25519 key.
Signing key fingerprint: ${fingerprint}
minisign key ID: ${keyId}

FIRST, compare this fingerprint with the one the organisation gives out itself (printed on its
archive reports, shown in its Settings, or read out over the phone). The public key packed in the
archive (minisign.pub, allowed_signers) proves nothing on its own: whoever changes the archive can
re-sign it with a key of their own and replace those files. If the fingerprint differs, this
organisation did not sign the archive.

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

Better: with minisign, use the public key the organisation gave you, not the archive's own
("-p their-key.pub").

The RGPD Desk application checks all of this too: the "Verify an archive" screen (which compares
the key with the organisation's keys), or on the command line:

    npm run verify -- --fingerprint SHA256:… archive.zip   (the fingerprint the organisation gives)
    npm run verify -- --pubkey their-key.pub archive.zip   (its minisign.pub or allowed_signers)

Exit codes: 0 valid and signed by the pinned key; 1 invalid, or signed by another key; 2 unreadable
or not a ZIP; 3 valid but the signer is not pinned ("signature consistent, signer not pinned":
without --pubkey or --fingerprint nothing says who signed).

When the archive holds the audit log, audit-checkpoints.json carries signed checkpoints of its
head: the verifier reports a log shorter than its last checkpoint, or rewritten since. They are
signed by a key of the device, kept outside the database; they prove nothing against someone who
controls that whole computer.
`;
}
