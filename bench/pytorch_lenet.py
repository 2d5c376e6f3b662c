#!/usr/bin/python3
"""The course notebook's PyTorch LeNet-5 pipeline (exercise 20), ported faithfully for the training benchmark.

Kept from the notebook, line for line where it matters: the nn.Sequential (Conv 5x5 pad 2, BatchNorm, activation,
AvgPool; Dropout, Conv 5x5, BatchNorm, activation, AvgPool; Flatten; three Dropout+Linear blocks with BatchNorm1d),
nn.CrossEntropyLoss, the optimizer built as INPUT['optim'](parameters, lr), DataLoader(shuffle=True) batches,
`loss: {loss:>7f}  [{current:>5d}/{size:>5d}]` every 100 batches, the validation loop's "Test Error" line, and the
test pass over the whole test set as ONE batch without model.eval() (so BatchNorm uses the test batch's statistics
and dropout is on), exactly as the notebook does.

Changed, and why:
- Data: torchvision is not available here (and downloads are not), so the IDX files are read with numpy; ToTensor's
  scaling (uint8 / 255 -> float32 [0, 1]) is reproduced. Same files as the TF.js trainer.
- Split: the notebook builds a seeded generator but never passes it to random_split (so its split is not actually
  seeded). For a like-for-like benchmark the split is read from --split-file, written by bench/train.bench.ts from
  the TF.js trainer's seeded split (seed 3), so both frameworks train and validate on the same images.
- sklearn is not installed: accuracy and the confusion matrix are computed with torch (same definitions).
- Also reported: test accuracy in inference mode (model.eval()), which is how the TF.js trainer evaluates.
- --max-batches limits the batches per epoch for a shorter benchmark; timing covers training steps only.

Output: the notebook's log on stderr, one JSON object per event on stdout.
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def read_idx(path):
    with open(path, 'rb') as f:
        raw = f.read()
    if raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f'{path}: not an unsigned-byte IDX file')
    rank = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(rank))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank)
    if data.size != int(np.prod(shape)):
        raise ValueError(f'{path}: truncated')
    return data.reshape(shape)


def find(data_dir, base):
    for name in (base + '.gz', base):
        p = os.path.join(data_dir, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f'{base}(.gz) not in {data_dir}')


def to_tensor(images):
    # torchvision's ToTensor: HxW uint8 -> 1xHxW float32 in [0, 1].
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)


class NeuralNetwork(nn.Module):
    def __init__(self, **INPUT):
        super(NeuralNetwork, self).__init__()
        self.af = INPUT.get('af')
        self.dpr = INPUT.get('dpr')
        self.nn = nn.Sequential(
            # C1: 6@28x28
            nn.Conv2d(1, 6, kernel_size=5, stride=1, padding=2),
            nn.BatchNorm2d(6),
            self.af(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            # C2: 16@10x10
            nn.Dropout(self.dpr),
            nn.Conv2d(6, 16, kernel_size=5, stride=1, padding=0),
            nn.BatchNorm2d(16),
            self.af(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Flatten(),
            # L1
            nn.Dropout(self.dpr),
            nn.Linear(400, 120),
            nn.BatchNorm1d(120),
            self.af(),
            # L2
            nn.Dropout(self.dpr),
            nn.Linear(120, 84),
            nn.BatchNorm1d(84),
            self.af(),
            # L3
            nn.Dropout(self.dpr),
            nn.Linear(84, 10),
        )
        self.batch_size = INPUT.get('batch_size')
        self.training_loader = DataLoader(INPUT.get('trd'), batch_size=self.batch_size, shuffle=True)
        self.validation = DataLoader(INPUT.get('vd'), batch_size=self.batch_size, shuffle=True)
        self.test_data = DataLoader(INPUT.get('ted'), batch_size=len(INPUT.get('ted')), shuffle=True)
        self.loss_fn = INPUT.get('loss_fn')
        self.lr = INPUT.get('lr')
        self.epochs = INPUT.get('epochs')
        self.optimizer = INPUT.get('optim')(self.parameters(), lr=self.lr)
        self.max_batches = INPUT.get('max_batches')
        self.emit = INPUT.get('emit')
        self.loss_history = []
        self.acc_history = []
        self.train_seconds = 0.0
        self.samples_seen = 0

    def forward(self, x):
        return self.nn(x)

    def train_loop(self, epoch):
        size = len(self.training_loader.dataset)
        started = time.perf_counter()
        for batch, (X, y) in enumerate(self.training_loader):
            if self.max_batches is not None and batch >= self.max_batches:
                break
            pred = self.forward(X)
            loss = self.loss_fn(pred, y)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            self.samples_seen += len(X)
            if batch % 100 == 0:
                loss, current = loss.item(), batch * len(X)
                print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]", file=sys.stderr)
                self.emit({'type': 'batch', 'epoch': epoch, 'batch': batch, 'loss': loss})
        seconds = time.perf_counter() - started
        self.train_seconds += seconds
        return seconds

    def val_loop(self):
        size = len(self.validation.dataset)
        num_batches = len(self.validation)
        test_loss, correct = 0, 0
        with torch.no_grad():
            for X, y in self.validation:
                pred = self.forward(X)
                test_loss += self.loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).type(torch.float).sum().item()
        test_loss /= num_batches
        correct /= size
        print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n", file=sys.stderr)
        self.acc_history.append(correct)
        self.loss_history.append(test_loss)
        return test_loss, correct

    def fit(self):
        for t in range(self.epochs):
            print(f"Epoch {t+1}\n-------------------------------", file=sys.stderr)
            seconds = self.train_loop(t + 1)
            val_loss, val_acc = self.val_loop()
            self.emit({'type': 'epoch', 'epoch': t + 1, 'trainSeconds': seconds, 'valLoss': val_loss, 'valAccuracy': val_acc})
        print("Done!", file=sys.stderr)

    def predict(self, x):
        logits = self.forward(x)
        softmax = nn.Softmax(dim=1)
        return softmax(logits).argmax(1)

    def test(self):
        X, y = next(iter(self.test_data))
        # As in the notebook: still in training mode (no self.eval()), whole test set as one batch.
        with torch.no_grad():
            y_hat = self.predict(X)
            notebook_acc = (y_hat == y).float().mean().item()
            self.eval()
            y_hat_eval = self.predict(X)
            eval_acc = (y_hat_eval == y).float().mean().item()
            self.train()
        confusion = torch.zeros(10, 10, dtype=torch.long)
        for t, p in zip(y.tolist(), y_hat.tolist()):
            confusion[t, p] += 1
        print("Accuracy score for test data", file=sys.stderr)
        print("-" * 60, file=sys.stderr)
        print(f"Acc: {notebook_acc*100} %", file=sys.stderr)
        print(file=sys.stderr)
        print("Confusion matrix for test data", file=sys.stderr)
        print("-" * 60, file=sys.stderr)
        print(confusion.numpy(), file=sys.stderr)
        return notebook_acc, eval_acc, confusion.tolist()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data-dir', default='/usr/share/datasets/fashion-mnist')
    ap.add_argument('--split-file', help='JSON {"train": [...], "validation": [...]} of training-file indices')
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--batch-size', type=int, default=100)
    ap.add_argument('--lr', type=float, default=1e-1)
    ap.add_argument('--activation', choices=['sigmoid', 'relu', 'tanh'], default='sigmoid')
    ap.add_argument('--optimizer', choices=['adam', 'sgd', 'rmsprop'], default='adam')
    ap.add_argument('--dropout', type=float, default=1e-3)
    ap.add_argument('--max-batches', type=int, default=None, help='batches per epoch (default: all)')
    ap.add_argument('--threads', type=int, default=None, help="intra-op threads (default: PyTorch's own default)")
    ap.add_argument('--seed', type=int, default=3)
    args = ap.parse_args()

    if args.threads is not None:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    def emit(obj):
        print(json.dumps(obj), flush=True)

    print("-" * 60, file=sys.stderr)
    print("[0] Loading data", file=sys.stderr)
    train_images = read_idx(find(args.data_dir, 'train-images-idx3-ubyte'))
    train_labels = read_idx(find(args.data_dir, 'train-labels-idx1-ubyte'))
    test_images = read_idx(find(args.data_dir, 't10k-images-idx3-ubyte'))
    test_labels = read_idx(find(args.data_dir, 't10k-labels-idx1-ubyte'))
    training_data = TensorDataset(to_tensor(train_images), torch.from_numpy(train_labels.astype(np.int64)))
    if args.split_file:
        with open(args.split_file) as f:
            split = json.load(f)
        training_data, val_data = (torch.utils.data.Subset(training_data, split['train']),
                                   torch.utils.data.Subset(training_data, split['validation']))
    else:
        g_cpu = torch.Generator()
        g_cpu.manual_seed(3)
        training_data, val_data = torch.utils.data.random_split(training_data, [50000, 10000], generator=g_cpu)
    test_data = TensorDataset(to_tensor(test_images), torch.from_numpy(test_labels.astype(np.int64)))

    activations = {'sigmoid': nn.Sigmoid, 'relu': nn.ReLU, 'tanh': nn.Tanh}
    optimizers = {'adam': torch.optim.Adam, 'sgd': torch.optim.SGD, 'rmsprop': torch.optim.RMSprop}
    INPUT = {
        'batch_size': args.batch_size,
        'trd': training_data,
        'vd': val_data,
        'ted': test_data,
        'loss_fn': nn.CrossEntropyLoss(),
        'lr': args.lr,
        'epochs': args.epochs,
        'af': activations[args.activation],
        'optim': optimizers[args.optimizer],
        'dpr': args.dropout,
        'max_batches': args.max_batches,
        'emit': emit,
    }
    model = NeuralNetwork(**INPUT)
    emit({'type': 'started', 'torch': torch.__version__, 'threads': torch.get_num_threads(),
          'train': len(training_data), 'validation': len(val_data), 'test': len(test_data)})
    started = time.perf_counter()
    model.fit()
    notebook_acc, eval_acc, confusion = model.test()
    emit({'type': 'done', 'testAccuracyNotebook': notebook_acc, 'testAccuracyEval': eval_acc, 'confusionMatrix': confusion,
          'samplesSeen': model.samples_seen, 'trainSeconds': model.train_seconds,
          'samplesPerSecond': model.samples_seen / model.train_seconds, 'seconds': time.perf_counter() - started})


if __name__ == '__main__':
    main()
