// The first questions, asked while the page's main script is still loading (index.html runs this tiny file
// first; the strict CSP allows no inline script). What the window paints first needs the locker's status, the
// cases and, when it reopens on a case, its plan (the header's stepper) and on a timeline, that timeline's
// first rows: each is asked here (in Electron through the preload, as renderer/lib/api.ts asks; over the
// loopback bridge all in one request), and its answer left in `window.__lockerBoot` under its call and input.
// The app's first call with the same name and input takes that answer (once) instead of asking again.
// Plain script, no imports: it must stay small. Keep the inputs identical to the app's calls
// (renderer/lib/queries.ts: keys.cases, keys.timelineStart, FIRST_TIMELINE_ROWS, keys.plan; the language as
// renderer/i18n/i18n.tsx's initialLocale picks it).
/* global window, localStorage, sessionStorage, navigator, URL, fetch */
(() => {
  // Ran after the app's script (which leaves an empty map when it found none): the app already asked.
  if (window.__lockerBoot) return;
  const calls = [
    ['locker:status', {}],
    ['case:list', { includeArchived: true }],
  ];
  let lang = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  try {
    const saved = localStorage.getItem('evidence-locker.locale');
    if (saved === 'en' || saved === 'zh-CN') lang = saved;
    const place = JSON.parse(localStorage.getItem('evidence-locker.last-place') ?? 'null');
    if (place && typeof place.section === 'string' && typeof place.caseId === 'string') {
      if (place.section === 'timeline') calls.push(['timeline:get', { caseId: place.caseId, first: 200 }]);
      // The case header's stepper shows the plan's progress, on every section of a case.
      calls.push(['plan:get', { caseId: place.caseId, lang }]);
    }
  } catch {
    // No place remembered: the app opens on the first case's overview.
  }
  const key = (name, input) => `${name} ${JSON.stringify(input)}`;
  const asked = new Map();
  const preload = window.locker;
  if (preload && preload.runtime === 'electron') {
    for (const [name, input] of calls) {
      const answer = preload.invoke(name, input);
      answer.catch(() => undefined); // the app sees the failure when it takes the answer
      asked.set(key(name, input), answer);
    }
  } else {
    // The loopback bridge's token, taken as api.ts's readToken takes it: kept for this tab and out of the
    // address (the app's script then finds it kept). Done here, while the page waits for its scripts: the tab's
    // storage is opened on first use, a round trip to the browser that would otherwise hold the first render.
    const url = new URL(window.location.href);
    let token = url.searchParams.get('token');
    if (token) {
      sessionStorage.setItem('evidence-locker.token', token);
      url.searchParams.delete('token');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    } else {
      token = sessionStorage.getItem('evidence-locker.token') ?? '';
    }
    if (!token) return;
    // All in one request (the bridge's /batch), its answer read here too, while the scripts still load. Each
    // call's answer is its Result, or null when the batch failed: the app then asks for itself.
    const answers = fetch('/batch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Locker-Token': token },
      body: JSON.stringify(calls.map(([name, input]) => ({ name, input }))),
    })
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
    calls.forEach(([name, input], i) => {
      asked.set(
        key(name, input),
        answers.then((all) => (Array.isArray(all) ? (all[i] ?? null) : null)),
      );
    });
  }
  window.__lockerBoot = asked;
  // While the answers and the app's script are on their way (the page has nothing else to do): the page's first
  // Intl object loads the language's ICU data, tens of ms that would otherwise be paid when the rows are drawn.
  // The same formatter as renderer/lib/time.ts warmUpIntl.
  try {
    new Intl.DateTimeFormat(lang, {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'UTC',
    }).format(0);
  } catch {
    // An engine without the language's data formats with its default; nothing to prepare.
  }
})();
