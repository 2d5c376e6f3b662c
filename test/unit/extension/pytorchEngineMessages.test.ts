// "Inspect with PyTorch": which interpreter runs it (issue #12's order) and what the user reads when there is no answer.
import assert from 'node:assert/strict';
import { engineFailureMessage } from '../../../src/extension/pytorch/engine/engineMessages';
import { chooseInterpreter } from '../../../src/extension/pytorch/engine/interpreterChoice';

describe('Inspect with PyTorch: the interpreter', () => {
  const none = { setting: '', pythonExtension: undefined, defaultInterpreterPath: 'python', platform: 'linux' as const };

  it('takes the setting first, then the Python extension, then python.defaultInterpreterPath, then python3', () => {
    assert.equal(chooseInterpreter({ ...none, setting: '/opt/venv/bin/python', pythonExtension: '/usr/bin/python3.12' }).python, '/opt/venv/bin/python');
    assert.equal(chooseInterpreter({ ...none, pythonExtension: '/home/u/.venv/bin/python', defaultInterpreterPath: '/usr/bin/python3' }).python, '/home/u/.venv/bin/python');
    assert.equal(chooseInterpreter({ ...none, defaultInterpreterPath: '/usr/bin/python3' }).python, '/usr/bin/python3');
    // `python` is python.defaultInterpreterPath's own default: it says nothing, and python3 is the safer default.
    assert.deepEqual(chooseInterpreter(none), { python: 'python3', from: 'the default (no interpreter is configured)' });
    assert.equal(chooseInterpreter({ ...none, platform: 'win32' }).python, 'python');
    assert.equal(chooseInterpreter({ ...none, setting: '   ' }).python, 'python3');
  });
});

describe('Inspect with PyTorch: messages', () => {
  const interpreter = { python: 'python3', from: 'the default (no interpreter is configured)' };

  it('names the setting to change and where the interpreter came from', () => {
    const missing = engineFailureMessage('python-missing', 'Python could not be started: "python3" was not found.', interpreter);
    assert.equal(missing.setting, 'cnnExplorer.pytorch.pythonPath');
    assert.match(missing.text, /"python3" was not found\. \(Python from the default \(no interpreter is configured\)\) Set cnnExplorer\.pytorch\.pythonPath/);
    const timeout = engineFailureMessage('timeout', 'the PyTorch engine did not answer within 60 s.', interpreter);
    assert.equal(timeout.setting, 'cnnExplorer.pytorch.timeoutSeconds');
    assert.equal(engineFailureMessage('crashed', 'exited', interpreter).setting, undefined);
  });
});
