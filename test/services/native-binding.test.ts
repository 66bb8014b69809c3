import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  electronNativeBinding,
  nativeBinding,
  useNativeBinding,
} from '../../electron/services/native-binding.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

describe('electronNativeBinding', () => {
  it('uses the default build under plain Node', () => {
    expect(electronNativeBinding(['/nowhere'])).toBeUndefined();
  });

  it('finds the Electron build for this ABI, platform and architecture', () => {
    const root = tempDir();
    const dir = path.join(root, 'electron-v150-linux-x64');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'better_sqlite3.node'), '');
    const versions = { ...process.versions, electron: '45.4.1', modules: '150' };
    expect(electronNativeBinding(['/nowhere', root], versions, 'linux', 'x64')).toBe(
      path.join(dir, 'better_sqlite3.node'),
    );
  });

  it('says how to make the Electron build when it is missing', () => {
    const versions = { ...process.versions, electron: '45.4.1', modules: '150' };
    expect(() => electronNativeBinding([tempDir()], versions, 'linux', 'x64')).toThrow(
      /npm run native:electron/,
    );
  });
});

describe('nativeBinding', () => {
  it("names Node's own build under plain Node, so better-sqlite3 does not search for it", () => {
    const file = nativeBinding();
    expect(file).toMatch(/[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/);
    expect(existsSync(file!)).toBe(true);
  });

  it('names the build chosen for the process (the Electron one) first', () => {
    useNativeBinding('/app/native/electron-v150-linux-x64/better_sqlite3.node');
    try {
      expect(nativeBinding()).toBe('/app/native/electron-v150-linux-x64/better_sqlite3.node');
    } finally {
      useNativeBinding(undefined);
    }
  });
});
