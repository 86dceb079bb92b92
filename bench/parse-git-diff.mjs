// `git diff` text -> the file list GitHub's pulls.listFiles would give (filename, status, counts, patch).

/** @param {string} text @param {string[]} strip path prefixes to remove (old/, new/) */
export function parseGitDiff(text, strip = []) {
  const files = [];
  const clean = (p) => {
    let path = p.replace(/^[ab]\//, "");
    for (const prefix of strip) if (path.startsWith(prefix)) path = path.slice(prefix.length);
    return path;
  };
  for (const chunk of text.split(/^diff --git /m).slice(1)) {
    const lines = chunk.split("\n");
    const header = lines[0] ?? "";
    const m = /^a\/(.+?) b\/(.+)$/.exec(header);
    let from = m ? clean(`a/${m[1]}`) : "";
    let to = m ? clean(`b/${m[2]}`) : "";
    let status = "modified";
    if (/^new file mode/m.test(chunk)) status = "added";
    if (/^deleted file mode/m.test(chunk)) status = "removed";
    const minus = /^--- (?:a\/)?(.+)$/m.exec(chunk);
    const plus = /^\+\+\+ (?:b\/)?(.+)$/m.exec(chunk);
    if (plus && plus[1] !== "/dev/null") to = clean(`b/${plus[1]}`);
    if (minus && minus[1] !== "/dev/null") from = clean(`a/${minus[1]}`);
    const filename = status === "removed" ? from : to;
    const at = chunk.indexOf("\n@@");
    const patch = at === -1 ? undefined : chunk.slice(at + 1).replace(/\n$/, "");
    let additions = 0;
    let deletions = 0;
    for (const l of (patch ?? "").split("\n")) {
      if (l.startsWith("+")) additions++;
      else if (l.startsWith("-")) deletions++;
    }
    files.push({ filename, status, additions, deletions, changes: additions + deletions, patch });
  }
  return files;
}
