import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from './parser.ts';
import { renderDiagnostics } from './render.ts';

test('render: message, source line and a caret under the column', () => {
  const q = 'SELECT a\nFROM t WHERE x = = 1';
  const text = renderDiagnostics(q, parse(q).diagnostics);
  assert.equal(
    text,
    "error ADQL_SYNTAX at line 2, column 18: expected a column, a function or a literal after '=', found '='\n" +
      '  FROM t WHERE x = = 1\n' +
      '                   ^\n',
  );
});
