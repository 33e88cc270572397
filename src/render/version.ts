/** `cl version`: this program, and the node's answer when one was asked. */
export interface VersionView {
  version: string;
  node_js: string;
  platform: string;
  /** The node's `version` reply (`Server`), when -s or --url was given. */
  node?: string;
}

export function renderVersion(v: VersionView): string[] {
  return [`cl ${v.version} (Node.js ${v.node_js}, ${v.platform})`, ...(v.node !== undefined ? [`node: ${v.node}`] : [])];
}
