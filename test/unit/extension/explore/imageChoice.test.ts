// "Load image…": only an image file of the workspace, at most 20 MiB.
import * as assert from 'node:assert';
import { exploreImageProblem, MAX_EXPLORE_IMAGE_BYTES } from '../../../../src/extension/explore/imageChoice';

describe('Explore image choice', () => {
  const file = { name: 'digit.PNG', size: 1000, inWorkspace: true, isFile: true };
  it('accepts an image of the workspace (any case of extension), up to the limit', () => {
    assert.strictEqual(exploreImageProblem(file), undefined);
    assert.strictEqual(exploreImageProblem({ ...file, name: 'a.webp', size: MAX_EXPLORE_IMAGE_BYTES }), undefined);
  });
  it('refuses a file outside the workspace, another format, a folder, or one over 20 MiB', () => {
    assert.match(exploreImageProblem({ ...file, inWorkspace: false }) ?? '', /digit\.PNG is not in the workspace/);
    assert.match(exploreImageProblem({ ...file, name: 'notes.txt' }) ?? '', /notes\.txt is not a PNG, JPEG, GIF, BMP or WebP image/);
    assert.match(exploreImageProblem({ ...file, name: 'png' }) ?? '', /not a PNG/);
    assert.match(exploreImageProblem({ ...file, isFile: false }) ?? '', /is not a file/);
    // 20 MiB + 1 byte: shown as 20.0 MiB, over the limit.
    assert.match(exploreImageProblem({ ...file, size: MAX_EXPLORE_IMAGE_BYTES + 1 }) ?? '', /is 20\.0 MiB, more than the 20 MiB Explore loads/);
  });
});
