// "Load image…" of the Explore tab: an open dialog in the workspace; the chosen image's bytes go to the page, which
// decodes and converts them (the host never decodes images).
import * as vscode from 'vscode';
import type { ExploreImageFileMessage } from '../../protocol';
import { EXPLORE_IMAGE_EXTENSIONS, exploreImageProblem } from './imageChoice';

export async function pickExploreImage(requestId: number): Promise<ExploreImageFileMessage> {
  const answer = (status: ExploreImageFileMessage['status'], name: string | null, bytes: Uint8Array | null, message: string | null): ExploreImageFileMessage =>
    ({ type: 'exploreImageFile', requestId, status, name, bytes, message });
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true, canSelectFolders: false, canSelectMany: false, openLabel: 'Explore',
    title: 'An image to explore the network with', filters: { Images: [...EXPLORE_IMAGE_EXTENSIONS] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const uri = picked?.[0];
  if (!uri) return answer('cancelled', null, null, null);
  const name = uri.path.split('/').pop() ?? uri.toString(true);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    const problem = exploreImageProblem({
      name, size: stat.size, inWorkspace: vscode.workspace.getWorkspaceFolder(uri) !== undefined, isFile: (stat.type & vscode.FileType.File) !== 0,
    });
    if (problem) return answer('error', name, null, problem);
    return answer('ok', name, await vscode.workspace.fs.readFile(uri), null);
  } catch (e) {
    return answer('error', name, null, `Cannot read ${name}: ${(e as Error).message}`);
  }
}
