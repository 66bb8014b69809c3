import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Noto Sans SC (SIL OFL 1.1) from its npm package: CJK and Latin in one face, with tabular digits by
 * default; Roboto Mono (Apache 2.0) for fingerprints, so a SHA-256 reads column by column. pdfkit subsets and
 * embeds both, so the packet looks the same on any machine, offline (a standard font such as Courier is only
 * referenced, and the reader's machine picks the face).
 */
export function fontFiles(): { regular: string; bold: string; mono: string } {
  return {
    regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
    mono: require.resolve('@expo-google-fonts/roboto-mono/400Regular/RobotoMono_400Regular.ttf'),
  };
}
