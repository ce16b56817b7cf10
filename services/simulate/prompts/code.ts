import type { Rng } from '../rng';
import { expand } from './text';

/**
 * Programming prompts: what a developer pastes while working (snippets, errors, stack traces,
 * follow-ups, tool output) and the exercise-style coding tasks that instruction datasets hold.
 */

export const LANGUAGES = ['python', 'typescript', 'javascript', 'go', 'rust', 'java', 'sql', 'bash', 'csharp'] as const;
export type Language = (typeof LANGUAGES)[number];

const NOUNS = ['user', 'order', 'invoice', 'product', 'session', 'payment', 'ticket', 'event', 'customer', 'item', 'account', 'message', 'report', 'job', 'upload', 'booking', 'subscription', 'device'];
const FIELDS = ['id', 'email', 'status', 'created_at', 'amount', 'name', 'total', 'owner_id', 'price', 'quantity', 'updated_at', 'tags', 'country', 'score'];

const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^\w/, (c) => c.toUpperCase());
const plural = (s: string) => (s.endsWith('s') ? s : `${s}s`);

function fence(lang: string, body: string): string {
  return '```' + lang + '\n' + body + '\n```';
}

const SNIPPETS: Record<Language, readonly ((r: Rng, n: string, f: string) => string)[]> = {
  python: [
    (r, n, f) => `def get_${plural(n)}_by_${f}(db, ${f}):\n    rows = db.execute("SELECT * FROM ${plural(n)} WHERE ${f} = %s", ${f})\n    result = []\n    for row in rows:\n        result.append(${pascal(n)}(**row))\n    return result[0]`,
    (r, n, f) => `import pandas as pd\n\ndf = pd.read_csv("${plural(n)}_${r.int(2021, 2026)}.csv")\ndf["${f}"] = pd.to_datetime(df["${f}"])\nsummary = df.groupby("${r.pick(FIELDS)}").agg({"${f}": "max", "amount": "sum"})\nprint(summary.loc["${r.pick(['EU', 'active', 'pending', 'total'])}"])`,
    (r, n, f) => `class ${pascal(n)}Cache:\n    def __init__(self, ttl=${r.int(10, 600)}):\n        self.ttl = ttl\n        self.store = {}\n\n    def get(self, key):\n        value, ts = self.store[key]\n        if time.time() - ts > self.ttl:\n            del self.store[key]\n        return value`,
    (r, n, f) => `async def fetch_${plural(n)}(session, ids):\n    tasks = [session.get(f"{BASE_URL}/${plural(n)}/{i}") for i in ids]\n    responses = asyncio.gather(*tasks)\n    return [await r.json() for r in responses]`,
    (r, n, f) => `@app.route("/${plural(n)}/<int:${n}_id>", methods=["PATCH"])\ndef update_${n}(${n}_id):\n    data = request.json\n    ${n} = ${pascal(n)}.query.get(${n}_id)\n    ${n}.${f} = data["${f}"]\n    db.session.commit()\n    return jsonify(${n})`,
  ],
  typescript: [
    (r, n, f) => `export async function load${pascal(plural(n))}(ids: string[]): Promise<${pascal(n)}[]> {\n  const results = ids.map(async (id) => {\n    const res = await fetch(\`/api/${plural(n)}/\${id}\`);\n    return res.json();\n  });\n  return results;\n}`,
    (r, n, f) => `const ${camel(plural(n))} = useMemo(() => {\n  return data.${camel(plural(n))}.filter((x) => x.${camel(f)} !== undefined).sort((a, b) => a.${camel(f)} - b.${camel(f)});\n}, []);\n\nuseEffect(() => {\n  setSelected(${camel(plural(n))}[0]);\n}, [${camel(plural(n))}]);`,
    (r, n, f) => `interface ${pascal(n)} {\n  id: string;\n  ${camel(f)}?: ${r.pick(['string', 'number', 'Date'])};\n}\n\nfunction ${camel('format_' + n)}(${n}: ${pascal(n)}): string {\n  return ${n}.${camel(f)}.toString().padStart(${r.int(4, 12)}, "0");\n}`,
    (r, n, f) => `router.post("/${plural(n)}", async (req, res) => {\n  const { ${camel(f)}, ...rest } = req.body;\n  const ${n} = await prisma.${n}.create({ data: { ${camel(f)}, ...rest } });\n  res.json(${n});\n});`,
  ],
  javascript: [
    (r, n, f) => `document.querySelectorAll(".${n}-row").forEach(function (row) {\n  row.addEventListener("click", function () {\n    this.classList.toggle("selected");\n    update${pascal(n)}(row.dataset.${camel(f)});\n  });\n});`,
    (r, n, f) => `const total = ${camel(plural(n))}.reduce((sum, ${n}) => {\n  sum + ${n}.${camel(f)} * ${n}.quantity;\n}, 0);\nconsole.log(total.toFixed(2));`,
    (r, n, f) => `for (var i = 0; i < ${camel(plural(n))}.length; i++) {\n  setTimeout(function () {\n    console.log(${camel(plural(n))}[i].${camel(f)});\n  }, ${r.int(1, 10) * 100});\n}`,
  ],
  go: [
    (r, n, f) => `func (s *${pascal(n)}Service) Get(ctx context.Context, id string) (*${pascal(n)}, error) {\n\tvar ${n} ${pascal(n)}\n\terr := s.db.QueryRowContext(ctx, "SELECT id, ${f} FROM ${plural(n)} WHERE id = $1", id).Scan(&${n}.ID, &${n}.${pascal(f)})\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn &${n}, nil\n}`,
    (r, n, f) => `for _, ${n} := range ${camel(plural(n))} {\n\tgo func() {\n\t\tresults <- process(${n})\n\t}()\n}\nfor i := 0; i < len(${camel(plural(n))}); i++ {\n\tfmt.Println(<-results)\n}`,
  ],
  rust: [
    (r, n, f) => `fn longest_${n}<'a>(items: &'a Vec<${pascal(n)}>) -> &'a ${pascal(n)} {\n    let mut best = &items[0];\n    for item in items.iter() {\n        if item.${f}.len() > best.${f}.len() {\n            best = item;\n        }\n    }\n    best\n}`,
    (r, n, f) => `let mut ${plural(n)} = HashMap::new();\nfor line in reader.lines() {\n    let line = line?;\n    let parts: Vec<&str> = line.split(',').collect();\n    ${plural(n)}.entry(parts[0]).or_insert(Vec::new()).push(parts[1]);\n}`,
  ],
  java: [
    (r, n, f) => `public List<${pascal(n)}> find${pascal(plural(n))}(String ${camel(f)}) {\n    List<${pascal(n)}> result = new ArrayList<>();\n    for (${pascal(n)} ${n} : repository.findAll()) {\n        if (${n}.get${pascal(f)}() == ${camel(f)}) {\n            result.add(${n});\n        }\n    }\n    return result;\n}`,
    (r, n, f) => `@Transactional\npublic void transfer(Long fromId, Long toId, BigDecimal amount) {\n    ${pascal('account')} from = accounts.findById(fromId).get();\n    ${pascal('account')} to = accounts.findById(toId).get();\n    from.setBalance(from.getBalance().subtract(amount));\n    to.setBalance(to.getBalance().add(amount));\n}`,
  ],
  sql: [
    (r, n, f) => `SELECT c.name, COUNT(o.id) AS ${plural(n)}, SUM(o.${r.pick(['amount', 'total', 'price'])})\nFROM customers c\nLEFT JOIN ${plural(n)} o ON o.customer_id = c.id\nWHERE o.${f} >= '${r.int(2023, 2026)}-0${r.int(1, 9)}-01'\nGROUP BY c.id\nORDER BY 3 DESC\nLIMIT ${r.pick([10, 20, 50, 100])};`,
    (r, n, f) => `UPDATE ${plural(n)}\nSET ${f} = (SELECT MAX(${f}) FROM ${plural(n)} WHERE owner_id = ${plural(n)}.owner_id)\nWHERE status = '${r.pick(['pending', 'active', 'stale'])}';`,
  ],
  bash: [
    (r, n, f) => `#!/bin/bash\nfor f in $(ls ./${plural(n)}/*.${r.pick(['csv', 'json', 'log'])}); do\n  name=$(basename $f)\n  gzip -c $f > /backup/$name.gz\ndone\nfind /backup -mtime +${r.int(3, 30)} -delete`,
  ],
  csharp: [
    (r, n, f) => `public async Task<IActionResult> Get${pascal(n)}(int id)\n{\n    var ${n} = _context.${pascal(plural(n))}.FirstOrDefault(x => x.Id == id);\n    return Ok(new { ${n}.${pascal(f)}, ${n}.Name });\n}`,
  ],
};

const ERRORS: Record<Language, readonly ((r: Rng, n: string, f: string) => string)[]> = {
  python: [
    (r, n, f) => `Traceback (most recent call last):\n  File "/app/${r.pick(['services', 'api', 'jobs', 'src'])}/${plural(n)}.py", line ${r.int(12, 420)}, in ${r.pick(['handle', 'run', 'process', 'main'])}\n    ${n}_${f} = payload["${f}"]\nKeyError: '${f}'`,
    (r, n) => `Traceback (most recent call last):\n  File "main.py", line ${r.int(5, 90)}, in <module>\n    total = sum(x["amount"] for x in ${plural(n)})\nTypeError: string indices must be integers, not 'str'`,
    (r) => `ModuleNotFoundError: No module named '${r.pick(['sklearn', 'cv2', 'yaml', 'dotenv', 'psycopg2', 'torch'])}'`,
    (r, n) => `AttributeError: 'NoneType' object has no attribute '${r.pick(['group', 'json', 'get', 'split', n])}'`,
    () => `RuntimeWarning: coroutine 'fetch' was never awaited`,
    (r) => `ValueError: could not convert string to float: '${r.pick(['N/A', '1,234.50', '', '12%'])}'`,
  ],
  typescript: [
    (r, n, f) => `error TS2339: Property '${camel(f)}' does not exist on type '${pascal(n)}'.`,
    (r, n) => `error TS2322: Type 'Promise<${pascal(n)}>[]' is not assignable to type '${pascal(n)}[]'.`,
    (r, n) => `error TS2532: Object is possibly 'undefined'.\n\n  src/${plural(n)}/${r.pick(['service', 'handler', 'utils'])}.ts:${r.int(10, 300)}:${r.int(3, 40)}`,
    () => `TypeError: Cannot read properties of undefined (reading 'map')`,
  ],
  javascript: [
    () => `Uncaught TypeError: Cannot read properties of null (reading 'addEventListener')`,
    (r) => `ReferenceError: ${r.pick(['require', 'process', 'window', 'fetch'])} is not defined`,
    () => `Access to fetch at 'http://localhost:8000/api' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    () => `Warning: Each child in a list should have a unique "key" prop.`,
  ],
  go: [
    (r) => `panic: runtime error: index out of range [${r.int(1, 9)}] with length ${r.int(0, 1)}\n\ngoroutine 1 [running]:\nmain.main()\n\t/home/dev/project/main.go:${r.int(10, 200)} +0x1d`,
    () => `fatal error: all goroutines are asleep - deadlock!`,
    (r, n) => `./${n}.go:${r.int(5, 120)}:${r.int(2, 30)}: cannot use ${n} (variable of type *${pascal(n)}) as ${pascal(n)} value in argument to save`,
  ],
  rust: [
    (r, n) => `error[E0502]: cannot borrow \`${plural(n)}\` as mutable because it is also borrowed as immutable`,
    () => `error[E0106]: missing lifetime specifier`,
    (r, n) => `error[E0382]: borrow of moved value: \`${n}\``,
  ],
  java: [
    (r, n) => `Exception in thread "main" java.lang.NullPointerException: Cannot invoke "${pascal(n)}.getId()" because "${n}" is null\n\tat com.example.${n}.${pascal(n)}Service.process(${pascal(n)}Service.java:${r.int(20, 300)})`,
    () => `java.util.ConcurrentModificationException\n\tat java.base/java.util.ArrayList$Itr.checkForComodification(ArrayList.java:1013)`,
    () => `org.hibernate.LazyInitializationException: could not initialize proxy - no Session`,
  ],
  sql: [
    (r, n) => `ERROR: column "${plural(n)}.${r.pick(FIELDS)}" must appear in the GROUP BY clause or be used in an aggregate function`,
    () => `ERROR 1452 (23000): Cannot add or update a child row: a foreign key constraint fails`,
    (r, n) => `ERROR: duplicate key value violates unique constraint "${plural(n)}_pkey"`,
  ],
  bash: [
    () => `line 2: syntax error near unexpected token \`do'`,
    () => `gzip: ./data/*.csv: No such file or directory`,
  ],
  csharp: [
    () => `System.InvalidOperationException: Sequence contains no elements`,
    (r, n) => `CS8602: Dereference of a possibly null reference. (${pascal(n)}Controller.cs, line ${r.int(10, 200)})`,
  ],
};

const FENCE_NAMES: Record<Language, string> = {
  python: 'python', typescript: 'ts', javascript: 'js', go: 'go', rust: 'rust', java: 'java', sql: 'sql', bash: 'bash', csharp: 'csharp',
};

export function snippet(rng: Rng, lang: Language): string {
  return fence(FENCE_NAMES[lang], rng.pick(SNIPPETS[lang])(rng, rng.pick(NOUNS), rng.pick(FIELDS)));
}

export function errorText(rng: Rng, lang: Language): string {
  return rng.pick(ERRORS[lang])(rng, rng.pick(NOUNS), rng.pick(FIELDS));
}

/** A long paste: several pieces of one file, as people paste whole modules for review. */
export function longPaste(rng: Rng, lang: Language): string {
  const parts = Array.from({ length: rng.int(3, 8) }, () => rng.pick(SNIPPETS[lang])(rng, rng.pick(NOUNS), rng.pick(FIELDS)));
  return fence(FENCE_NAMES[lang], parts.join('\n\n'));
}

const HOWTO = [
  'read a big CSV file without loading it all into memory', 'debounce a function', 'parse JSON with unknown fields',
  'paginate results from a REST API', 'cancel a fetch request', 'set up CORS in express', 'mock a module in jest',
  'write a migration that adds a non-null column', 'retry a failed HTTP request with backoff', 'hash passwords properly',
  'run two async tasks in parallel and wait for both', 'deploy a docker container to a VM', 'profile a slow function',
  'stream a file download', 'validate an email address', 'set environment variables for tests', 'squash my last 3 commits',
  'undo a git rebase', 'connect to postgres from a container', 'convert a timestamp to a different time zone',
  'read environment variables safely', 'upload a file to S3 with a presigned URL', 'write a dockerfile for a node app',
  'handle graceful shutdown', 'add pagination to a SQL query', 'log requests with a correlation id', 'set up a GitHub Actions workflow',
];

const FRAMEWORKS: Record<Language, readonly string[]> = {
  python: ['python', 'django', 'fastapi', 'flask', 'pandas', 'pytest'],
  typescript: ['typescript', 'react', 'next.js', 'nestjs', 'node'],
  javascript: ['javascript', 'node', 'react', 'vue', 'express'],
  go: ['go', 'gin'],
  rust: ['rust', 'tokio', 'axum'],
  java: ['java', 'spring boot'],
  sql: ['postgres', 'mysql', 'sqlite'],
  bash: ['bash', 'linux'],
  csharp: ['c#', '.net', 'asp.net core'],
};

const DEBUG_ASKS = [
  'why does this fail?', 'what am I doing wrong here', 'any idea what is going on?', 'how do I fix this',
  'this worked yesterday and now it doesn\'t. what changed?', 'can you spot the bug', 'why is this returning undefined',
  'I\'ve been stuck on this for an hour', 'what does this error mean', 'getting this error, not sure why',
];

const CODE_ASKS = [
  'refactor this to be more readable', 'can you add proper error handling', 'write unit tests for this',
  'convert this to async/await', 'make this faster, it takes forever on large inputs', 'explain what this does line by line',
  'add types to this', 'is there a cleaner way to write this?', 'review this code, anything I should change?',
  'rewrite this in {other}', 'this is ugly, how would you structure it', 'can you make this thread safe',
];

/** The first message of a developer's conversation. */
export function developerOpening(rng: Rng, lang: Language, longPastes: number): string {
  const other = rng.pick(LANGUAGES.filter((l) => l !== lang && l !== 'sql' && l !== 'bash'));
  const slots = { other: [other], fw: FRAMEWORKS[lang], howto: HOWTO };
  switch (rng.weighted([['error', 3], ['code+error', 4], ['howto', 3], ['code', 3], ['long', longPastes], ['concept', 1], ['task', 1]] as const)) {
    case 'error':
      return `${errorText(rng, lang)}\n\n${expand(rng, rng.pick(DEBUG_ASKS))}`;
    case 'code+error':
      return `${expand(rng, rng.pick(DEBUG_ASKS))}\n\n${snippet(rng, lang)}\n\n${errorText(rng, lang)}`;
    case 'howto':
      return expand(rng, '[how do I|how can I|what\'s the best way to|how to|is there a way to] {howto} [in|with|using] {fw}[?|]', slots);
    case 'code':
      return rng.chance(0.5)
        ? `${snippet(rng, lang)}\n\n${expand(rng, rng.pick(CODE_ASKS), slots)}`
        : `${expand(rng, rng.pick(CODE_ASKS), slots)}:\n\n${snippet(rng, lang)}`;
    case 'long':
      return `${expand(rng, '[here is my|this is our|I have this] {fw} [module|file|service]. [can you review it|find the bug, the {thing} is sometimes wrong|why is it so slow|refactor it into smaller functions]', { ...slots, thing: FIELDS })}\n\n${longPaste(rng, lang)}`;
    case 'concept':
      return expand(rng, '[what\'s the difference between|when should I use] {pair} in {fw}?', {
        ...slots,
        pair: ['a list and a tuple', 'interface and type', 'let and const', 'a mutex and a channel', 'Box and Rc', 'an abstract class and an interface', 'INNER JOIN and LEFT JOIN', 'useEffect and useLayoutEffect', 'threads and processes', 'Task and ValueTask'],
      });
    case 'task':
      return `write a ${FRAMEWORKS[lang][0]} function that ${rng.pick(CODING_TASKS)}`;
  }
}

/** A developer's next message, given whether the model just called a tool. */
export function developerFollowUp(rng: Rng, lang: Language, afterToolCall: boolean): string {
  if (afterToolCall) {
    return rng.pick([
      () => `Tool result (run_tests):\n$ ${rng.pick(['npm test', 'pytest -q', 'go test ./...', 'cargo test', 'mvn test'])}\n${rng.int(1, 9)} failed, ${rng.int(10, 200)} passed\n\n${errorText(rng, lang)}`,
      () => `Tool result (read_file):\n${snippet(rng, lang)}`,
      () => `Tool result (search):\n${Array.from({ length: rng.int(2, 6) }, () => `src/${rng.pick(NOUNS)}/${rng.pick(['index', 'service', 'model', 'util'])}.${FENCE_NAMES[lang]}:${rng.int(1, 400)}`).join('\n')}`,
    ])();
  }
  return expand(rng, rng.pick(FOLLOW_UPS), {
    err: () => errorText(rng, lang),
    code: () => snippet(rng, lang),
    howto: HOWTO,
    edge: ['the list is empty', 'the input is null', 'two requests come in at the same time', 'the file is 5GB', 'the user has no orders', 'the timezone is not UTC'],
  });
}

const FOLLOW_UPS = [
  'still getting the same error', 'now I get this:\n\n{err}', '[that|it] worked[, thanks|!]. [now|next] how do I {howto}?',
  'can you explain why that fixes it', 'what if {edge}?', 'ok but what happens when {edge}', 'doesn\'t work',
  '[here is|this is] the code that calls it:\n\n{code}', 'can you do it without [an extra library|regex|recursion]',
  '[perfect|great|nice], can you add tests for it', 'hmm the tests fail with\n\n{err}', 'make it shorter',
  'why did you use [a map|a generator|a class] there', 'and how would I [deploy|document|benchmark] this',
  'I don\'t understand [the second part|the part with the lock|that regex]', 'can you show the full file',
  'it compiles now but when {edge} it gives the wrong result', 'revert that, let\'s try another approach',
  'can you walk me through it step by step', 'explain your reasoning, I don\'t see why the first version was wrong',
];

/** Exercise-style tasks as they appear in code instruction datasets (and in practice sessions). */
export const CODING_TASKS = [
  'returns the longest palindromic substring of a string', 'implements an LRU cache with O(1) get and put',
  'merges k sorted linked lists', 'checks whether a Sudoku board is valid', 'computes the edit distance between two strings',
  'serializes and deserializes a binary tree', 'finds the shortest path in a weighted graph using Dijkstra\'s algorithm',
  'detects a cycle in a directed graph', 'implements a thread-safe bounded blocking queue',
  'parses arithmetic expressions with operator precedence', 'implements a token bucket rate limiter',
  'converts Roman numerals to integers', 'generates all permutations of a string', 'searches a rotated sorted array',
  'finds the median of two sorted arrays', 'implements a trie with insert, search and prefix search',
  'solves the N-Queens problem', 'implements quicksort in place', 'flattens an arbitrarily nested dictionary',
  'groups anagrams from a list of words', 'finds the k most frequent elements', 'implements a min-heap from scratch',
  'computes the maximum subarray sum', 'checks whether two binary trees are identical', 'implements matrix multiplication',
  'validates balanced parentheses', 'finds all connected components of an undirected graph', 'implements binary search',
  'computes the longest common subsequence', 'implements a simple regular expression matcher supporting . and *',
  'topologically sorts a dependency graph', 'implements a consistent hashing ring', 'counts islands in a grid',
  'implements a debounce utility', 'computes the number of ways to climb n stairs taking 1 or 2 steps',
  'finds the lowest common ancestor of two nodes in a binary search tree', 'reverses a linked list in groups of k',
  'implements a bloom filter', 'parses a CSV line with quoted fields', 'schedules meetings into the minimum number of rooms',
];

/** A coding task in the imperative form of instruction datasets. */
export function codingInstruction(rng: Rng): string {
  const lang = rng.pick(['Python', 'Python', 'JavaScript', 'TypeScript', 'Java', 'C++', 'Go', 'Rust', 'C#']);
  return expand(rng, '[Write|Implement|Create] a {lang} [function|class|program] that {task}.', { lang: [lang], task: CODING_TASKS });
}
