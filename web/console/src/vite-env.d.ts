interface ImportMetaEnv {
  readonly BASE_URL: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}

/**
 * The API's types reach the console by `import type` from the server's modules, one of which (the
 * history hash chain) imports node:crypto. Nothing of it is bundled; the console's type check only
 * needs the module to exist, without Node's globals in browser code.
 */
declare module 'node:crypto';
