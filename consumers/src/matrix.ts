/** One cell of the printed matrix: a row (what was tried), a column (where), and how it went. */
export interface Cell {
  table: string;
  row: string;
  column: string;
  ok: boolean;
  /** why it failed: the first lines a person needs */
  detail?: string;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length));

/** Prints each table (rows × columns, `ok` / `FAIL` / blank where not claimed) and then every failure. */
export function printMatrix(cells: Cell[], print: (line: string) => void): void {
  for (const table of [...new Set(cells.map((cell) => cell.table))]) {
    const mine = cells.filter((cell) => cell.table === table);
    const rows = [...new Set(mine.map((cell) => cell.row))];
    const columns = [...new Set(mine.map((cell) => cell.column))];
    const first = Math.max(table.length, ...rows.map((row) => row.length));
    const widths = columns.map((column) => Math.max(column.length, 4));
    print('');
    print([pad(table, first), ...columns.map((column, i) => pad(column, widths[i] as number))].join('  '));
    print([first, ...widths].map((width) => '-'.repeat(width)).join('  '));
    for (const row of rows) {
      const marks = columns.map((column, i) => {
        const cell = mine.find((each) => each.row === row && each.column === column);
        return pad(cell ? (cell.ok ? 'ok' : 'FAIL') : '', widths[i] as number);
      });
      print([pad(row, first), ...marks].join('  ').trimEnd());
    }
  }
  const failed = cells.filter((cell) => !cell.ok);
  if (failed.length > 0) {
    print('');
    print(`${failed.length} failed:`);
    for (const cell of failed) {
      print(
        `- ${cell.row} × ${cell.column}: ${(cell.detail ?? '').trim().split('\n').slice(0, 12).join('\n    ')}`,
      );
    }
  }
  print('');
  print(`consumer suite: ${cells.length - failed.length} passed, ${failed.length} failed`);
}
