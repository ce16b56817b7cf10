import { fmix32, hash32 } from '../hash';
import { MinHashBuilder, shingleHash } from '../sketch/minhash';
import { CharClass, charClass, lowerOf } from './chars';
import { TOPIC_WORDS } from './lexicon';
import { step } from './mix';
import { NUMBER_TOKEN, PhraseMatcher } from './phrases';
import { stemCut } from './stem';
import type { TextFeatures } from './text';

// Bound once, as in hash.ts.
const { imul } = Math;

/** Bits of `TextFeatures.structure`: the scaffolding of benchmark-style and pipeline-built prompts. */
export const STRUCTURE = {
  /** Two or more option markers: "A) …", "(b) …", "C. …" at a line start. */
  multipleChoice: 1,
  /** Ends with a label and a colon, leaving the answer to fill in: "Answer:". */
  answerSlot: 2,
  /** Carries an enumeration marker (see `sequence`). */
  enumerated: 4,
  code: 8,
  /** Has "label: content" parts. */
  labelled: 16,
} as const;


const FNV_OFFSET = 0x811c9dc5 | 0; // as int32, so hash states stay small integers in registers
const FNV_PRIME = 0x01000193;
/** FNV-1a's multiplier is odd, so a step can be undone: h = imul(next, FNV_INVERSE) ^ c. */
const FNV_INVERSE = 0x359c449b;
// Skeleton tokens besides words; hashed so they cannot be mistaken for one.
const SLOT = hash32('\u0000slot');
const QUESTION_MARK = hash32('\u0000?');
const COLON = hash32('\u0000:');
const LINE_BREAK = hash32('\u0000\n');
const SPACE_MARK = hash32('\u0000 ');
/** A paragraph this long is content (a passage to work on) when the prompt has a short instruction too. */
const LONG_PARAGRAPH_WORDS = 40;
const MAX_PARAGRAPHS = 32;
/** Quotes and inline code longer than this are unbalanced marks, not spans. */
const MAX_SPAN_CHARS = 2000;
const MATH = 1 << TOPIC_WORDS.findIndex((t) => t.name === 'math');
const CODE = 1 << TOPIC_WORDS.findIndex((t) => t.name === 'code');

function isBlank(c: number): boolean {
  const k = charClass(c);
  return k === CharClass.Space || k === CharClass.Newline;
}

/** Undoes the hash steps of a word's last `cut` letters (at most three, `last` first). */
function cutLetters(h: number, cut: number, last: number, last2: number, last3: number): number {
  if (cut > 0) h = imul(h, FNV_INVERSE) ^ last;
  if (cut > 1) h = imul(h, FNV_INVERSE) ^ last2;
  if (cut > 2) h = imul(h, FNV_INVERSE) ^ last3;
  return h;
}

/**
 * One pass over a prompt's characters that yields everything the text detectors read: a
 * normalised hash, the skeleton with its variable parts (numbers, quotes, code, capitalised
 * names, option lists, content after a "Label:", long passages) replaced by slot markers and the
 * slot values hashed apart, lexicon matches (areas, elicitation cues), enumeration markers and a
 * MinHash of word pairs. Word hashes are computed while reading; the suffix rule then undoes the
 * hash steps of the letters it cuts. Token hashes are kept as int32 (small integers to V8, never
 * boxed); everything they feed reads only their low 32 bits. One instance is reused; `scan` is not
 * re-entrant.
 */
export class Scanner {
  private text = '';
  private readonly matcher = new PhraseMatcher();
  // Prompt hash, folded per word, number and symbol, with one mark for any white space between.
  private ph = 0;
  private phSpace = false;
  private phAny = false;
  private words = 0;
  private readonly minhash = new MinHashBuilder();
  private prevToken = 0;
  private structure = 0;
  private options = 0;
  private sequence = -1;
  private mathExpression = false;
  // Skeleton of the current paragraph.
  private pSkel = 0;
  private pFill = 0;
  private pAll = 0;
  private pWords = 0;
  private pKept = 0;
  private lastSlot = false;
  private lastBreak = false;
  // Finished paragraphs.
  private readonly paraSkel = new Float64Array(MAX_PARAGRAPHS);
  private readonly paraFill = new Float64Array(MAX_PARAGRAPHS);
  private readonly paraAll = new Float64Array(MAX_PARAGRAPHS);
  private readonly paraWords = new Int32Array(MAX_PARAGRAPHS);
  private readonly paraKept = new Int32Array(MAX_PARAGRAPHS);
  private paragraphs = 0;
  // Regions: after "Label:" until the paragraph ends; quotes and option lines until an offset.
  private content = false;
  private contentSeen = false;
  private slotUntil = 0;
  private codeUntil = 0;
  private quoteEnd = -1;
  private sentenceStart = true;
  private lineHasContent = false;
  private lineTokens = 0;
  private afterNumber = false;
  private operator = false;
  private enumerationWord = false;

  /**
   * The text's features; `system`: those of the request's system prompt (hash and cues), which a
   * caller keeps apart since system prompts repeat. Built here, in one object, as the detectors
   * read them: this runs for every event.
   */
  scan(text: string, system?: { hash: number; cues: number }): TextFeatures {
    this.reset(text);
    const len = text.length;
    let i = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      const k = charClass(c);
      if (k === CharClass.Lower || k === CharClass.Upper) i = this.word(i, k);
      else if (k === CharClass.Digit) i = this.number(i);
      else if (k === CharClass.Space) {
        if (this.phAny) this.phSpace = true;
        i++;
      } else if (k === CharClass.Newline) {
        this.newline(i);
        i++;
      } else {
        this.foldPrompt(c);
        this.lineHasContent = true;
        if (k === CharClass.Ideograph) {
          this.token(i, fmix32(imul(FNV_OFFSET ^ c, FNV_PRIME)) | 0, false, false);
          i++;
        } else i = this.symbol(i, c);
      }
    }
    return this.finish(system);
  }

  private reset(text: string): void {
    this.text = text;
    this.matcher.reset();
    this.ph = 0;
    this.phSpace = this.phAny = false;
    this.words = 0;
    this.minhash.reset();
    this.prevToken = 0;
    this.structure = this.options = 0;
    this.sequence = -1;
    this.mathExpression = false;
    this.pSkel = this.pFill = this.pAll = this.pWords = this.pKept = 0;
    this.lastSlot = this.lastBreak = false;
    this.paragraphs = 0;
    this.content = this.contentSeen = false;
    this.slotUntil = this.codeUntil = 0;
    this.quoteEnd = -1;
    this.sentenceStart = true;
    this.lineHasContent = false;
    this.lineTokens = 0;
    this.afterNumber = this.operator = this.enumerationWord = false;
  }

  /** Folds a word's or number's raw hash state, or a symbol's code, into the prompt hash. */
  private foldPrompt(h: number): void {
    const ph = this.phSpace ? step(this.ph, SPACE_MARK) : this.ph;
    this.ph = step(ph, h);
    this.phSpace = false;
    this.phAny = true;
  }

  /** Reads a word from `start`; returns where it ends. */
  private word(start: number, firstClass: CharClass): number {
    const text = this.text;
    const len = text.length;
    let h = FNV_OFFSET;
    // The last three letters, for the suffix rule.
    let last = 0;
    let last2 = 0;
    let last3 = 0;
    let n = 0;
    let j = start;
    for (; j < len; j++) {
      let c = text.charCodeAt(j);
      // Lower-case ASCII first: most letters of most prompts.
      const k = c >= 0x61 && c <= 0x7a ? CharClass.Lower : charClass(c);
      if (k === CharClass.Upper) c = lowerOf(c);
      else if (k !== CharClass.Lower) {
        if (k === CharClass.Apostrophe && j + 1 < len) {
          const after = charClass(text.charCodeAt(j + 1));
          if (after === CharClass.Lower || after === CharClass.Upper) continue;
        }
        break;
      }
      h = imul(h ^ c, FNV_PRIME);
      last3 = last2;
      last2 = last;
      last = c;
      n++;
    }
    this.foldPrompt(h);
    this.lineHasContent = true;
    const hash = fmix32(cutLetters(h, stemCut(n, last, last2, last3), last, last2, last3)) | 0;
    // A capitalised word inside a sentence is a name: "What is the capital of France?"
    const name =
      firstClass === CharClass.Upper &&
      !this.sentenceStart &&
      j > start + 1 &&
      charClass(text.charCodeAt(start + 1)) === CharClass.Lower;
    if (n === 1 && start >= this.codeUntil && this.isOptionMarker(start, j, last)) {
      this.options++;
      const eol = text.indexOf('\n', j);
      this.slotUntil = Math.max(this.slotUntil, eol < 0 ? len : eol);
    }
    this.enumerationWord = this.token(start, hash, name, false);
    this.afterNumber = this.operator = false;
    return j;
  }

  /** "A) …", "(b) …" anywhere after a space; "C. …" only at a line start. */
  private isOptionMarker(start: number, end: number, letter: number): boolean {
    if (letter < 0x61 || letter > 0x68) return false;
    const text = this.text;
    if (end + 1 < text.length && !isBlank(text.charCodeAt(end + 1))) return false;
    const next = text.charCodeAt(end);
    if (next === 0x29) {
      const before = start > 0 ? text.charCodeAt(start - 1) : 0x20;
      return before === 0x28 || isBlank(before);
    }
    return next === 0x2e && this.lineTokens === 0;
  }

  /** Reads a number (with inner separators: 1,000.5); returns where it ends. */
  private number(start: number): number {
    const text = this.text;
    const len = text.length;
    let h = FNV_OFFSET;
    let value = 0;
    let fraction = false;
    let j = start;
    for (; j < len; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x30 && c <= 0x39) {
        if (!fraction && value < 1e12) value = value * 10 + (c - 0x30);
      } else if ((c === 0x2e || c === 0x2c) && j + 1 < len && charClass(text.charCodeAt(j + 1)) === CharClass.Digit) {
        if (c === 0x2e) fraction = true;
      } else break;
      h = imul(h ^ c, FNV_PRIME);
    }
    this.foldPrompt(h);
    this.lineHasContent = true;
    if (start >= this.codeUntil) {
      const before = start > 0 ? text.charCodeAt(start - 1) : 0;
      const marked = this.enumerationWord || before === 0x23 || before === 0x5b; // "Question 17", "#17", "[17"
      if (this.sequence < 0 && !fraction && marked) this.sequence = value;
      if (this.operator) this.mathExpression = true;
    }
    this.token(start, fmix32(h) | 0, false, true);
    this.enumerationWord = this.operator = false;
    this.afterNumber = true;
    return j;
  }

  /** Punctuation and symbols; returns the next offset to read. */
  private symbol(i: number, c: number): number {
    const text = this.text;
    switch (c) {
      case 0x3f: // ?
      case 0xff1f:
        this.keep(QUESTION_MARK, i);
        this.endSentence();
        break;
      case 0x2e: // .
      case 0x21: // !
      case 0x3002: // 。
      case 0xff01:
        if (c !== 0x2e || i + 1 >= text.length || isBlank(text.charCodeAt(i + 1))) this.endSentence();
        break;
      case 0x3a: // :  a label when followed by white space ("Text: …"), not in 10:30 or https://
        if (i >= this.codeUntil && i >= this.slotUntil && (i + 1 >= text.length || isBlank(text.charCodeAt(i + 1)))) {
          this.keep(COLON, i);
          if (!this.content) this.contentSeen = false;
          this.content = true;
          this.structure |= STRUCTURE.labelled;
          this.endSentence();
        }
        break;
      case 0x60: // `
        return this.backtick(i);
      case 0x22: // "
        this.quote(i, 0x22);
        break;
      case 0x201c: // “ ”
        this.quote(i, 0x201d);
        break;
      case 0x201e: // „ “
        this.quote(i, 0x201c);
        break;
      case 0xab: // « »
        this.quote(i, 0xbb);
        break;
      case 0x300c: // 「 」
        this.quote(i, 0x300d);
        break;
      case 0x2b: // + * ^ = × ÷  ('-' and '/' join dates and ranges too often)
      case 0x2a:
      case 0x5e:
      case 0x3d:
      case 0xd7:
      case 0xf7:
        if (this.afterNumber) this.operator = true;
        break;
    }
    return i + 1;
  }

  private endSentence(): void {
    this.sentenceStart = true;
    this.matcher.cut();
  }

  private quote(i: number, close: number): void {
    if (i === this.quoteEnd || i < this.codeUntil) return;
    const end = this.text.indexOf(String.fromCharCode(close), i + 1);
    if (end > i && end - i <= MAX_SPAN_CHARS) {
      this.slotUntil = Math.max(this.slotUntil, end);
      this.quoteEnd = end;
    }
  }

  /** A fenced code block is skipped by the lexicon and slotted; inline code is slotted. */
  private backtick(i: number): number {
    const text = this.text;
    if (i < this.codeUntil) return i + 1;
    if (text.startsWith('``', i + 1)) {
      const end = text.indexOf('```', i + 3);
      this.codeUntil = end < 0 ? text.length : end + 3;
      this.structure |= STRUCTURE.code;
      this.matcher.cut();
      for (let j = i + 1; j < i + 3; j++) this.foldPrompt(0x60);
      return i + 3;
    }
    if (i !== this.quoteEnd) {
      const end = text.indexOf('`', i + 1);
      if (end > i && end - i <= MAX_SPAN_CHARS) {
        this.slotUntil = Math.max(this.slotUntil, end);
        this.quoteEnd = end;
        this.structure |= STRUCTURE.code;
      }
    }
    return i + 1;
  }

  private newline(i: number): void {
    if (this.phAny) this.phSpace = true;
    if (!this.lineHasContent) {
      if (this.pWords > 0) this.endParagraph();
    } else if (!this.lastBreak) {
      this.keep(LINE_BREAK, i);
      this.lastBreak = true;
    }
    this.lineHasContent = false;
    this.lineTokens = 0;
    this.endSentence();
  }

  private slotted(pos: number): boolean {
    return this.content || pos < this.slotUntil || pos < this.codeUntil;
  }

  /** A skeleton mark (punctuation that shapes a template), unless inside a slotted region. */
  private keep(mark: number, pos: number): void {
    if (this.slotted(pos)) return;
    this.pSkel = step(this.pSkel, mark);
    this.lastSlot = false;
    this.lastBreak = false;
  }

  /** Folds a word or number into every figure; returns whether it is an enumeration word. */
  private token(pos: number, hash: number, name: boolean, isNumber: boolean): boolean {
    this.words++;
    this.lineTokens++;
    // `hash` is int32 already; `| 0` tells the compiler so, for an integer add in shingleHash.
    this.minhash.add(shingleHash(this.prevToken, hash | 0));
    this.prevToken = hash;
    const enumeration = pos >= this.codeUntil && this.matcher.push(isNumber ? NUMBER_TOKEN : hash);
    this.pAll = step(this.pAll, hash);
    this.pWords++;
    if (this.content) this.contentSeen = true;
    if (isNumber || name || this.slotted(pos)) {
      if (!this.lastSlot) {
        this.pSkel = step(this.pSkel, SLOT);
        this.pFill = step(this.pFill, SLOT); // separates the values of different slots
        this.lastSlot = true;
      }
      this.pFill = step(this.pFill, hash);
    } else {
      this.pSkel = step(this.pSkel, hash);
      this.pKept++;
      this.lastSlot = false;
    }
    this.lastBreak = false;
    this.sentenceStart = false;
    return enumeration;
  }

  private endParagraph(): void {
    let p = this.paragraphs;
    if (p < MAX_PARAGRAPHS) {
      this.paraSkel[p] = this.pSkel;
      this.paraFill[p] = this.pFill;
      this.paraAll[p] = this.pAll;
      this.paraWords[p] = this.pWords;
      this.paraKept[p] = this.pKept;
      this.paragraphs++;
    } else {
      p = MAX_PARAGRAPHS - 1;
      this.paraSkel[p] = step(this.paraSkel[p], this.pSkel);
      this.paraFill[p] = step(this.paraFill[p], this.pFill);
      this.paraAll[p] = step(this.paraAll[p], this.pAll);
      this.paraWords[p] += this.pWords;
      this.paraKept[p] += this.pKept;
    }
    this.pSkel = this.pFill = this.pAll = this.pWords = this.pKept = 0;
    this.lastSlot = this.lastBreak = false;
    // "Text:" on a line of its own: the content is the next paragraph.
    if (this.content && this.contentSeen) this.content = false;
  }

  /**
   * Joins the paragraphs into the template. Long paragraphs are content when the prompt also has
   * a short one with fixed wording (the instruction); a prompt with no fixed wording at all has
   * no template (0), so free text never counts as one shared skeleton.
   */
  private joinParagraphs(): { template: number; fill: number; kept: number } {
    let instruction = false;
    for (let p = 0; p < this.paragraphs; p++) {
      if (this.paraWords[p] < LONG_PARAGRAPH_WORDS && this.paraKept[p] > 0) instruction = true;
    }
    let template = FNV_OFFSET;
    let fill = FNV_OFFSET;
    let kept = 0;
    let lastSlot = false;
    for (let p = 0; p < this.paragraphs; p++) {
      if (instruction && this.paraWords[p] >= LONG_PARAGRAPH_WORDS) {
        if (!lastSlot) template = step(template, SLOT);
        fill = step(fill, this.paraAll[p]);
        lastSlot = true;
      } else {
        template = step(template, this.paraSkel[p]);
        fill = step(fill, this.paraFill[p]);
        kept += this.paraKept[p];
        lastSlot = false;
      }
    }
    return { template: kept > 0 ? fmix32(template) || 1 : 0, fill: fmix32(fill), kept };
  }

  private finish(system: { hash: number; cues: number } | undefined): TextFeatures {
    if (this.pWords > 0 || this.pSkel !== 0) this.endParagraph();
    const { template, fill, kept } = this.joinParagraphs();
    const text = this.text;
    let end = text.length - 1;
    while (end >= 0 && isBlank(text.charCodeAt(end))) end--;
    let structure = this.structure;
    if (end >= 0 && text.charCodeAt(end) === 0x3a) structure |= STRUCTURE.answerSlot;
    if (this.options >= 2) structure |= STRUCTURE.multipleChoice;
    if (this.sequence >= 0) structure |= STRUCTURE.enumerated;
    let topics = this.matcher.topics();
    if (this.mathExpression) topics |= MATH;
    if (structure & STRUCTURE.code) topics |= CODE;
    return {
      promptHash: fmix32(this.ph),
      templateHash: template,
      templateWords: kept,
      fillHash: fill,
      topics: topics >>> 0,
      elicitation: this.matcher.cues,
      systemElicitation: system?.cues ?? 0,
      systemHash: system?.hash ?? 0,
      sequenceNumber: this.sequence >= 0 ? this.sequence : undefined,
      structure,
      chars: text.length,
      words: this.words,
      minhash: this.minhash.values(),
    };
  }
}
