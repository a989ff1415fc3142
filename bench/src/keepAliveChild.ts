// Child of `keepAliveAtScale`: figure 6 in a fresh process, with its own emulator process holding one
// Clickatell account per session. Prints the figure as JSON on stdout.
import { emulatorProcess } from './emulatorProcess.ts';
import { keepAliveFigure } from './scale.ts';

const [sessions = 10_000, intervalMs = 10_000] = process.argv.slice(2).map(Number);
const emulator = await emulatorProcess(sessions);
try {
  console.log(JSON.stringify(await keepAliveFigure(emulator, sessions, intervalMs)));
} finally {
  await emulator.stop();
}
