// What the Explore tab's "Load image…" accepts: an image file of the workspace, of a size a webview decodes quickly.
// Pure of vscode (unit-tested); pickExploreImage.ts asks the user.

/** The formats Chromium's createImageBitmap decodes (the webview converts the bytes). */
export const EXPLORE_IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'] as const;
/** 20 MB: far above a photo, and a bound on what one message carries to the page. */
export const MAX_EXPLORE_IMAGE_BYTES = 20 * 1024 * 1024;

/** Why a chosen file is not loaded, or undefined when it is fine. */
export function exploreImageProblem(file: { name: string; size: number; inWorkspace: boolean; isFile: boolean }): string | undefined {
  if (!file.inWorkspace) return `${file.name} is not in the workspace: Explore loads images from the workspace's folders.`;
  if (!file.isFile) return `${file.name} is not a file.`;
  const extension = /\.([^./\\]+)$/.exec(file.name)?.[1]?.toLowerCase();
  if (extension === undefined || !(EXPLORE_IMAGE_EXTENSIONS as readonly string[]).includes(extension)) {
    return `${file.name} is not a PNG, JPEG, GIF, BMP or WebP image.`;
  }
  if (file.size > MAX_EXPLORE_IMAGE_BYTES) {
    return `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_EXPLORE_IMAGE_BYTES / 1024 / 1024} MiB Explore loads.`;
  }
  return undefined;
}
