import path from 'node:path';
import type { Registry } from '../program.ts';
import { action, unlockFrom, type Ctx } from '../runtime.ts';

const GROUP = 'Encryption at rest';

/** `locker encrypt` and `locker passphrase`: they work on the locker folder, not on an opened locker. */
export function registerCrypto({ program, state, io }: Registry): void {
  program
    .command('encrypt')
    .description(
      'encrypt the whole locker (database, originals, thumbnails) under a passphrase, and print a recovery ' +
        'key; from then on every command needs the passphrase (a prompt, --passphrase-file FILE, or ' +
        '$LOCKER_PASSPHRASE)',
    )
    .helpGroup(GROUP)
    .action(action(state, io, (ctx) => encrypt(ctx)));

  program
    .command('passphrase')
    .description(
      'change the passphrase (unlocking with the old one, or with the recovery key: --recovery-key-file FILE)',
    )
    .helpGroup(GROUP)
    .option('--new-passphrase-file <FILE>', 'the new passphrase, read from FILE (else typed twice)')
    .action(
      action<{ newPassphraseFile?: string }>(state, io, (ctx, _args, o) =>
        changePassphrase(ctx, o.newPassphraseFile),
      ),
    );
}

async function encrypt(ctx: Ctx): Promise<number> {
  const [{ readKeyFile }, { LockerInputError }, { Locker }, { encryptLocker }] = await Promise.all([
    import('../../services/crypto/keys.ts'),
    import('../../services/errors.ts'),
    import('../../services/locker.ts'),
    import('../../services/crypto/convert.ts'),
  ]);
  const root = path.resolve(ctx.storeDir);
  if (await readKeyFile(root)) {
    throw new LockerInputError('crypto.already-encrypted-cli');
  }
  // Opening once brings the schema up to date and sweeps old leftovers before anything is copied.
  (await Locker.open(root, { actor: 'cli' })).close();
  const passphrase = await newPassphrase(ctx, ctx.global.passphraseFile, 'passphrase-file');
  const r = await encryptLocker(root, passphrase, { actor: 'cli' });
  ctx.emit(
    {
      encrypted: true,
      store: root,
      recoveryKey: r.recoveryKey,
      objects: r.objects,
      thumbnails: r.thumbnails,
      bytes: r.bytes,
      keychain: r.keychain,
    },
    () =>
      [
        `The locker is now encrypted: its database, ${r.objects} original(s) and ${r.thumbnails} thumbnail(s).`,
        '',
        `  Recovery key:  ${r.recoveryKey}`,
        '',
        'Write the recovery key down on paper and keep it apart from this computer. It opens the locker if the',
        'passphrase is forgotten (locker passphrase --recovery-key-file FILE). Without the passphrase and the',
        'recovery key nobody can open this locker again, not even with this program.',
        '',
        'From now on every locker command needs the passphrase: it asks for it, or reads --passphrase-file FILE',
        "or $LOCKER_PASSPHRASE. The locker command does not use this computer's keychain; the app offers that",
        'where the system has a real one.',
        '',
      ].join('\n'),
  );
  return 0;
}

async function changePassphrase(ctx: Ctx, newPassphraseFile: string | undefined): Promise<number> {
  const [keys, { LockerInputError }, { Locker }, { writeFileAtomic }] = await Promise.all([
    import('../../services/crypto/keys.ts'),
    import('../../services/errors.ts'),
    import('../../services/locker.ts'),
    import('../../services/object-store.ts'),
  ]);
  const root = path.resolve(ctx.storeDir);
  const keyFile = await keys.readKeyFile(root);
  if (!keyFile) throw new LockerInputError('crypto.not-encrypted');
  const unlock = await unlockFrom(ctx);
  const master = await keys.unlockMaster(keyFile, unlock);
  const passphrase = await newPassphrase(ctx, newPassphraseFile, 'new-passphrase-file');
  await writeFileAtomic(
    path.join(root, keys.KEY_FILE),
    JSON.stringify(await keys.rewrapPassphrase(keyFile, master, passphrase), null, 2) + '\n',
  );
  const locker = await Locker.open(root, { actor: 'cli', unlock: { passphrase } });
  try {
    locker.write((log) =>
      log({
        action: 'locker.passphrase',
        details: { unlockedWith: unlock.recoveryKey !== undefined ? 'recovery-key' : 'passphrase' },
      }),
    );
    await locker.saveChainHead();
  } finally {
    locker.close();
  }
  ctx.emit({ changed: true }, () => 'The passphrase is changed. The recovery key stays the same.\n');
  return 0;
}

/** A new passphrase: from the named file option, $LOCKER_PASSPHRASE (for encrypt), or typed twice. */
async function newPassphrase(
  ctx: Ctx,
  file: string | undefined,
  fileOption: 'passphrase-file' | 'new-passphrase-file',
): Promise<string> {
  const [{ findPassphrase }, { checkPassphrase }, { LockerInputError }] = await Promise.all([
    import('../../cli-unlock.ts'),
    import('../../services/crypto/keys.ts'),
    import('../../services/errors.ts'),
  ]);
  const given = await findPassphrase(
    { passphraseFile: file, env: fileOption === 'passphrase-file' ? ctx.io.env : {} },
    '',
  );
  if (given !== null) {
    checkPassphrase(given);
    return given;
  }
  const first = ctx.io.prompt ? await ctx.io.prompt('New passphrase: ') : null;
  if (first === null) {
    throw new LockerInputError('crypto.new-passphrase-needed', {
      option: fileOption,
      orEnv: fileOption === 'passphrase-file' ? 'LOCKER_PASSPHRASE' : '',
    });
  }
  checkPassphrase(first);
  if ((await ctx.io.prompt!('The same passphrase again: ')) !== first) {
    throw new LockerInputError('crypto.passphrases-differ');
  }
  return first;
}
