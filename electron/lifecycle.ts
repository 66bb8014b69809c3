/*
 * The decisions of the app's lifecycle that main.ts wires to Electron's events: what the error box says
 * when the app cannot start, and how long a quit waits for the picture being read. Plain functions (no
 * Electron import, no locker code: errors from the locker's process arrive as a name and a message), tested on
 * their own; test/electron/main.test.ts runs main.ts itself with a stand-in.
 */

type Words = {
  title: string;
  missingBuild: string;
  tooNew: string;
  unreadable: string;
  other: string;
  locker: string;
  details: string;
  stoppedTitle: string;
  stopped: string;
};

const WORDS: Record<'en' | 'zh', Words> = {
  en: {
    title: 'Evidence Locker could not start',
    missingBuild:
      'The database part built for this app is missing from the installation. Reinstall Evidence Locker. ' +
      '(Running from source: run "npm run native:electron" once while online, or "npm start" opens the app in your browser.)',
    tooNew:
      'Your locker was written by a newer version of Evidence Locker. Nothing in it was changed. Install the newer version to open it.',
    unreadable:
      'Your locker’s database cannot be read. Nothing in it was changed. Restore your last backup into a new, empty folder ' +
      '(locker restore FILE --store NEW-FOLDER), then start the app with that folder.',
    other:
      'Nothing in your locker was changed. Quit and start the app again; if this message comes back, tell us what it says below.',
    locker: 'Locker',
    details: 'Details',
    stoppedTitle: 'Evidence Locker has to close',
    stopped:
      'The part of the app that keeps your locker stopped unexpectedly. Everything already filed is safe; an import, ' +
      'export or backup that was under way may need doing again. Start the app again.',
  },
  zh: {
    title: '证据保管箱无法启动',
    missingBuild:
      '安装中缺少本应用专用的数据库组件。请重新安装证据保管箱。（从源码运行时：联网后运行一次 “npm run native:electron”，或用 “npm start” 在浏览器中打开。）',
    tooNew: '您的保管箱由更新版本的证据保管箱写入，其中内容未作任何改动。请安装新版本后再打开。',
    unreadable:
      '无法读取保管箱的数据库，其中内容未作任何改动。请把最近的备份恢复到一个新的空文件夹（locker restore 备份文件 --store 新文件夹），再用该文件夹启动应用。',
    other: '保管箱中的内容未作任何改动。请退出后重新启动；如果仍出现此提示，请把下面的详细信息告诉我们。',
    locker: '保管箱',
    details: '详细信息',
    stoppedTitle: '证据保管箱需要关闭',
    stopped:
      '负责保管箱的应用组件意外停止。已归档的内容都完好无损；正在进行的导入、导出或备份可能需要重新操作。请重新启动应用。',
  },
};

type Context = { storeDir?: string | null; language?: string };

function wordsFor(context: Context): Words {
  return context.language?.toLowerCase().startsWith('zh') ? WORDS.zh : WORDS.en;
}

/** Our own errors' kinds, by name: a failure in the locker's process arrives here as a name and a message. */
const WORDED = ['LockerInputError', 'NotFoundError', 'LockerLockedError', 'HostExitedError'];

/** The error box for a start-up failure, in the system's language (Chinese, else English). */
export function startupErrorBox(error: unknown, context: Context): { title: string; content: string } {
  const t = wordsFor(context);
  const kind = error instanceof Error ? error.name : '';
  const what =
    kind === 'NativeBindingMissingError'
      ? t.missingBuild
      : kind === 'LockerTooNewError'
        ? t.tooNew
        : kind === 'DatabaseUnreadableError'
          ? t.unreadable
          : t.other;
  // Our own errors are worded for the user; anything else keeps its name (TypeError…) for whoever reads it.
  const isWorded = what !== t.other || WORDED.includes(kind);
  const detail =
    error instanceof Error
      ? isWorded || error.name === 'Error'
        ? error.message
        : `${error.name}: ${error.message}`
      : String(error);
  return {
    title: t.title,
    content: [
      what,
      ...(context.storeDir ? ['', `${t.locker}: ${context.storeDir}`] : []),
      '',
      `${t.details}: ${detail}`,
    ].join('\n'),
  };
}

/** The box for the locker's process stopping after start-up (a crash, or killed from outside). */
export function hostStoppedBox(
  how: { code: number | null },
  context: Context,
): { title: string; content: string } {
  const t = wordsFor(context);
  return {
    title: t.stoppedTitle,
    content: [
      t.stopped,
      ...(context.storeDir ? ['', `${t.locker}: ${context.storeDir}`] : []),
      '',
      `${t.details}: exit code ${how.code ?? 'unknown'}`,
    ].join('\n'),
  };
}

/** Long enough to finish and save the picture being read (1–2 s usually), short enough that quitting works. */
export const QUIT_WAIT_MS = 8_000;

/**
 * The `will-quit` handler. While `busy()` (a picture is being read), the first quit is held, `drain()` is
 * given at most `waitMs` to finish, and the quit is asked for again; that one, and any quit when idle, goes
 * through `cleanup`. A job cut short stays in the queue and is read again at the next start.
 */
export function quitGuard(options: {
  busy: () => boolean;
  drain: () => Promise<void>;
  quit: () => void;
  cleanup: () => void;
  waitMs?: number;
}): (event: { preventDefault(): void }) => void {
  let waited = false;
  return (event) => {
    if (options.busy() && !waited) {
      waited = true;
      event.preventDefault();
      void settleWithin(options.drain(), options.waitMs ?? QUIT_WAIT_MS).finally(options.quit);
      return;
    }
    options.cleanup();
  };
}

/** Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
