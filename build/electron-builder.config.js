// electron-builder 26 configuration, used by `npm run dist` (`electron-builder --config build/electron-builder.config.js`).
// ESM like the rest of the package: electron-builder loads .js configs with require(), falling back to import().
// Packaging needs an Electron download and the Electron-ABI build of better-sqlite3, so it never runs on the
// build machine. test/electron/builder-config.test.ts checks this file with electron-builder's own loader,
// schema and file matchers; test/electron/pack.test.ts (LOCKER_PACK_TEST=1) packs with a stand-in Electron.

/** Packages that must sit on disk outside app.asar: native addons, and files handed to worker threads or
 * linked by path (a path inside app.asar means nothing to the OS or to a dlopen). */
export const ASAR_UNPACK = [
  // N-API addons (no rebuild for Electron) and the libvips binaries they load.
  'node_modules/sharp/**/*',
  'node_modules/@img/**/*',
  'node_modules/@napi-rs/**/*',
  // OCR: tesseract.js starts a worker thread from its own files; the worker loads the wasm core from disk and
  // reads the language data through links made in a temporary folder (electron/services/ocr/engine.ts).
  'node_modules/tesseract.js/**/*',
  'node_modules/tesseract.js-core/**/*',
  'node_modules/@tesseract.js-data/**/*',
  // The export embeds these two faces by path (electron/services/export/fonts.ts).
  'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
];

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'app.evidencelocker.desktop',
  productName: 'Evidence Locker',
  copyright: 'Copyright © 2026 Evidence Locker',
  directories: {
    // Not electron-builder's default `dist`: that folder holds the app's own build.
    output: 'release',
    buildResources: 'build',
  },
  // An allow-list: the built app and package.json only, never sources, tests, fixtures or scripts.
  // electron-builder adds the production dependencies from node_modules on its own.
  files: [
    'package.json',
    'dist/electron/**/*',
    'dist/renderer/**/*',
    '!**/*.map',
    // better-sqlite3's own build is Node's ABI (the app loads native/electron-v*/ instead), and its C
    // sources are 10 MB nobody runs.
    '!node_modules/better-sqlite3/build/**/*',
    '!node_modules/better-sqlite3/deps/**/*',
    '!node_modules/better-sqlite3/src/**/*',
    // Bundled into dist/renderer by vite; the main process never loads them.
    '!node_modules/{react,react-dom,scheduler,lucide-react,react-virtuoso}/**/*',
    // The `locker` command's library and build tools; the app runs the bundled dist/electron/main.js.
    '!node_modules/{commander,tsx,esbuild,@esbuild}/**/*',
    // The export embeds Regular and Bold only (electron/services/export/fonts.ts): 75 MB of other weights.
    '!node_modules/@expo-google-fonts/noto-sans-sc/{100Thin,200ExtraLight,300Light,500Medium,600SemiBold,800ExtraBold,900Black}/**/*',
    // OCR reads the 4.0.0_best_int models only (electron/services/ocr/engine.ts), not the full 4.0.0 ones.
    '!node_modules/@tesseract.js-data/*/4.0.0/**/*',
  ],
  asar: true,
  asarUnpack: ASAR_UNPACK,
  // Never rebuild native modules here: that would replace the Node build of better-sqlite3 the tests use.
  // The Electron build comes from scripts/build-electron-native.js and ships as an extra resource below.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  // main.ts looks for native/electron-v<abi>-<platform>-<arch>/better_sqlite3.node under process.resourcesPath.
  extraResources: [{ from: 'native', to: 'native', filter: ['electron-v*/**/*'] }],
  // The app is offline and never updates itself: no publish provider, no update metadata in the package.
  publish: null,
  // The Chromium UI strings the app can show (its own languages are English and Simplified Chinese).
  electronLanguages: ['en-US', 'zh-CN'],
  // Fuses are flipped by the hook, right before signing (see build/after-pack.js).
  afterPack: './build/after-pack.js',
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Office',
    executableName: 'evidence-locker',
    synopsis: 'Keep the proof of a money dispute safe and in order',
    description:
      'Evidence Locker files screenshots, bills, chat records and emails untouched, puts them on a timeline and builds the packet for the bank or regulator. It never goes online.',
  },
  deb: { packageCategory: 'utils', priority: 'optional' },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: { target: ['nsis'], icon: 'build/icon.ico' },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // The locker is the user's evidence: uninstalling the app must never delete it.
    deleteAppDataOnUninstall: false,
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
  // electron-builder makes the .icns from the 1024-pixel PNG.
  mac: {
    target: ['dmg'],
    icon: 'build/icon.png',
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
};

export default config;
