import path from 'node:path';
import type { Registry } from '../program.ts';
import { action, coded, type Ctx } from '../runtime.ts';

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
  const [{ diskCalls }, { diskAccess, runOnFolder }] = await Promise.all([
    import('../../services/calls/disk.ts'),
    import('../disk.ts'),
  ]);
  // Asked for only once the folder is known to be a plain locker (the call checks first).
  const access = diskAccess(ctx, {
    newPassphrase: () => newPassphrase(ctx, ctx.global.passphraseFile, 'passphrase-file'),
  });
  const r = await runOnFolder(access, diskCalls['disk:encrypt'], { folder: path.resolve(ctx.storeDir) });
  ctx.emit(
    r,
    () =>
      ctx.say(
        coded('cli.encrypt.done', {
          objects: r.objects,
          thumbnails: r.thumbnails,
          recoveryKey: r.recoveryKey,
        }),
      ) + '\n',
  );
  return 0;
}

async function changePassphrase(ctx: Ctx, newPassphraseFile: string | undefined): Promise<number> {
  const [{ diskCalls }, { diskAccess, runOnFolder }] = await Promise.all([
    import('../../services/calls/disk.ts'),
    import('../disk.ts'),
  ]);
  const access = diskAccess(ctx, {
    newPassphrase: () => newPassphrase(ctx, newPassphraseFile, 'new-passphrase-file'),
  });
  const r = await runOnFolder(access, diskCalls['disk:passphrase'], { folder: path.resolve(ctx.storeDir) });
  ctx.emit(r, () => ctx.say(coded('cli.passphrase.changed')) + '\n');
  return 0;
}

/**
 * A new passphrase: from the named file option, $LOCKER_PASSPHRASE (for encrypt), or typed twice (the first
 * checked before the second is asked). The call checks what it gets again.
 */
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
  if (given !== null) return given;
  const first = ctx.io.prompt ? await ctx.io.prompt(ctx.say(coded('cli.passphrase.new')) + ' ') : null;
  if (first === null) {
    throw new LockerInputError('crypto.new-passphrase-needed', {
      option: fileOption,
      orEnv: fileOption === 'passphrase-file' ? 'LOCKER_PASSPHRASE' : '',
    });
  }
  checkPassphrase(first);
  if ((await ctx.io.prompt!(ctx.say(coded('cli.passphrase.again')) + ' ')) !== first) {
    throw new LockerInputError('crypto.passphrases-differ');
  }
  return first;
}
