// Benchmark (not a test): the static PyTorch engine after an edit (issue #12: "static analysis of a 500-line file with
// 100 layers after an edit < 20 ms median").
//   npx tsx bench/pytorchStatic.bench.ts
// The file is generated here (500 lines, 100 leaf modules: a stem, 19 residual stages of 5 leaves written out one by
// one, pool, flatten, dropout and a head, with comments) and each run types one character into a different line, as an editor
// does: lezer reparses the edited range, then the engine builds the model and runs forward at batch 2 and 3. Also
// the corpus's largest files. Reports the median and 90th percentile of wall time and the median CPU time (the
// machine is shared: under load the wall time is the larger).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeStatic } from '../src/core/formats/pytorch/static/analyzeStatic';

export function fiveHundredLineModel(): string {
  const head = ['# A 500-line model with 100 leaf layers (the issue #12 speed budget).', '# input: 3x64x64', 'import torch',
    'import torch.nn as nn', 'import torch.nn.functional as F', ''];
  const stage = ['', 'class Stage(nn.Module):', '    """Conv, BN, ReLU, conv, BN and a residual add."""', '',
    '    def __init__(self, c):', '        super().__init__()', '        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)',
    '        self.bn1 = nn.BatchNorm2d(c)', '        self.relu = nn.ReLU(inplace=True)',
    '        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)', '        self.bn2 = nn.BatchNorm2d(c)', '',
    '    def forward(self, x):', '        identity = x', '        out = self.relu(self.bn1(self.conv1(x)))',
    '        out = self.bn2(self.conv2(out))', '        out += identity', '        return self.relu(out)', ''];
  const stages = 19;
  const init = ['', 'class Net(nn.Module):', '    def __init__(self, num_classes=10):', '        super().__init__()', '        c = 16',
    '        self.stem = nn.Conv2d(3, c, 3, padding=1)'];
  const forward = ['', '    def forward(self, x):', '        x = self.stem(x)'];
  for (let i = 0; i < stages; i++) {
    init.push(`        # stage ${i}: residual, width c`, `        self.stage${i} = Stage(c)`);
    forward.push(`        # stage ${i}`, `        x = F.relu(self.stage${i}(x))`);
  }
  init.push('        self.pool = nn.AdaptiveAvgPool2d(1)', '        self.flatten = nn.Flatten()', '        self.drop = nn.Dropout(0.1)',
    '        self.fc = nn.Linear(c, num_classes)');
  forward.push('        x = self.flatten(self.pool(x))', '        return self.fc(self.drop(x))', '');
  const body = [...stage, ...init, ...forward];
  const notes: string[] = [];
  while (head.length + notes.length + body.length < 500) notes.push(`# note ${notes.length + 1}: training schedule, augmentation and hyper-parameters.`);
  return [...head, ...notes, ...body].join('\n');
}

/** The q-quantile (nearest rank below) of `xs`; the hover bench uses it too. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function measure(name: string, text: string, runs = 60): string {
  const lines = text.split('\n');
  // Type one character at the end of a comment line, a different line each run.
  const commentLines = lines.map((l, i) => (l.trimStart().startsWith('#') ? i : -1)).filter((i) => i >= 0);
  const edited = (k: number): string => {
    const copy = [...lines];
    const at = commentLines[k % commentLines.length];
    copy[at] = `${copy[at]}${String.fromCharCode(97 + (k % 26))}`;
    return copy.join('\n');
  };
  const first = analyzeStatic(text).trace;
  const leaves = first.layers.filter((l) => l.kind === 'module').length;
  if (first.diagnostics.length) throw new Error(`${name}: ${first.diagnostics.map((d) => d.message).join('; ')}`);
  for (let k = 0; k < 20; k++) analyzeStatic(edited(k));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 20; k < 20 + runs; k++) {
    const t = edited(k);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    analyzeStatic(t);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return `| ${name} | ${lines.length} | ${leaves} | ${quantile(wall, 0.5).toFixed(1)} ms | ${quantile(wall, 0.9).toFixed(1)} ms | ${quantile(cpu, 0.5).toFixed(1)} ms |`;
}

function main(): void {
  const corpus = path.join(__dirname, '../test/fixtures/pytorch-corpus');
  const cpus = os.cpus();
  console.log(`Date: ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('');
  console.log('| file | lines | leaf modules | wall median | wall p90 | CPU median |');
  console.log('|---|---|---|---|---|---|');
  console.log(measure('generated 500-line model', fiveHundredLineModel()));
  for (const f of ['resnet18_torchvision.py', 'resnet50_bottleneck.py', 'mobilenet_v2_inverted_residual.py', 'densenet_concat.py']) {
    console.log(measure(f, fs.readFileSync(path.join(corpus, f), 'utf8')));
  }
}

if (require.main === module) main();
