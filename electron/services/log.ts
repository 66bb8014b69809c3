/**
 * What the app writes to its own log (stderr) when something unexpected fails: the kind of error and its
 * code, and the message with anything that looks like a file path or a quoted name replaced — never the names
 * of someone's files, nor what is in them. Ids (`ev_…`, `case_…`) stay: they are what a bug report needs.
 */
export function redactForLog(text: string): string {
  return (
    text
      // Quoted names: "Screenshot 2025.png", '元保账单', “…”.
      .replace(/(["'“‘])[^"'”’\n]{1,400}(["'”’])/g, '$1…$2')
      // POSIX and Windows paths, file: URLs.
      .replace(/(?:file:\/\/)?(?:[A-Za-z]:)?(?:[\\/][^\s\\/:*?"<>|]+){2,}[\\/]?/g, '<path>')
  );
}

export function safeLog(error: unknown, context = 'unexpected error'): void {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as NodeJS.ErrnoException).code;
  const frames = (e.stack ?? '')
    .split('\n')
    .slice(1, 6)
    .map((l) => redactForLog(l.trim()))
    .join(' | ');
  process.stderr.write(
    `[evidence-locker] ${context}: ${e.name}${code ? ` (${code})` : ''}: ${redactForLog(e.message)}${frames ? ` @ ${frames}` : ''}\n`,
  );
}
