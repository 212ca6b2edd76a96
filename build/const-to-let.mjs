/**
 * Declares with `let` what the code declares with `const`, for the <script> build, before terser runs: terser
 * keeps `const` as it is written, and `let` is two bytes shorter at each of some hundred declarations (esbuild's
 * minifier makes the same change; measured: sockjet.min.js 6564 -> 6523 B gz). TypeScript has already checked
 * that no const is assigned again, so the change is safe. Each `const` becomes `let  `, which keeps every
 * position in place, so the source map stays as it is.
 */
export function constToLet() {
  return {
    name: 'const-to-let',
    renderChunk(code) {
      const starts = [];
      const visit = (node) => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node.type != 'string') return;
        if (node.type == 'VariableDeclaration' && node.kind == 'const') starts.push(node.start);
        for (const key in node) if (node[key] && typeof node[key] == 'object') visit(node[key]);
      };
      visit(this.parse(code));
      let out = '';
      let from = 0;
      for (const start of starts.sort((a, b) => a - b)) {
        if (code.slice(start, start + 5) != 'const') throw new Error(`const-to-let: no const at ${start}`);
        out += code.slice(from, start) + 'let  ';
        from = start + 5;
      }
      return { code: out + code.slice(from), map: null };
    },
  };
}
