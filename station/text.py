"""Text as the station keeps it: NFC and name keys, folding Vietnamese text for search, and a
sort key for Vietnamese alphabetical order.

Text is stored NFC (:func:`nfc`); names compare by :func:`name_key` (NFC, case ignored).

``fold`` is DESIGN.md section 3: NFC -> unify old/new tone placement -> strip marks ->
đ/Đ -> d -> casefold, so "dang" finds "Đảng" and "hoa binh" finds "Hoà Bình" and "Hòa Bình".
Once every mark is stripped, where the tone sat no longer matters, so ``fold`` skips the
unify step (the tests prove ``fold(unify_tones(x)) == fold(x)``); ``unify_tones`` is its own
function for the places where marks are kept, such as the sort key.

The search index folds the same way inside SQLite (see station/search/__init__.py): the
``unicode61 remove_diacritics 2`` tokenizer strips every Vietnamese mark and folds case, and
the index triggers replace the few letters it keeps (:data:`LETTERS`: đ, Ð, ß). The tests
check that both routes give the same tokens for every Vietnamese letter.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

# The Combining Diacritical Marks block: Vietnamese tones (grave, acute, hook, tilde, dot
# below) and vowel modifiers (circumflex, breve, horn). Marks of other scripts (Khmer vowel
# signs...) carry meaning and stay, as they do in the unicode61 tokenizer.
_MARKS = re.compile("[\u0300-\u036f]+")

# Letters that carry no combining mark, so stripping marks leaves them alone. Ð (U+00D0,
# Icelandic eth) stands in for Đ in text converted from old VNI/TCVN3 fonts.
LETTERS = {"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "ß": "ss", "ẞ": "ss"}
_LETTER_TABLE = str.maketrans(LETTERS)

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)  # dictionary order, after the level tone
_TONE_SET = frozenset(TONES)


# -- storing and comparing names ---------------------------------------------------------------

def nfc(text: str | None) -> str:
    """Text as it is stored: NFC, no surrounding blanks (None gives "")."""
    return unicodedata.normalize("NFC", text or "").strip()


def name_key(text: str | None) -> str:
    """Equality of names as a user sees them: NFC, no surrounding blanks, case ignored
    (marks count: "Hoà" and "Hoa" are two names; search uses :func:`fold`)."""
    return unicodedata.normalize("NFC", nfc(text).casefold())


# -- search folding ---------------------------------------------------------------------------

def fold(text: str) -> str:
    """Search form: no marks, đ -> d, casefolded (``"Đảng Cộng sản"`` -> ``"dang cong san"``)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFD", text)
    text = _MARKS.sub("", text).translate(_LETTER_TABLE).casefold()
    # NFD split Hangul and other scripts' precomposed letters: put them back together.
    return unicodedata.normalize("NFC", text)


# -- tone placement -------------------------------------------------------------------------

_VOWELS = frozenset("aăâeêioôơuưy")
# Vowel pairs whose tone mark old ("hòa", "thúy", "khỏe") and new ("hoà", "thuý", "khoẻ")
# spelling place differently when they end the syllable. Closed syllables (hoàn, thuyền)
# put it on the second vowel in both spellings.
_SHIFTING = frozenset({"oa", "oe", "uy"})


@functools.lru_cache(maxsize=4096)
def _split(ch: str) -> tuple[str, str]:
    """'ộ' -> ('ô', dot below): the letter with its vowel modifier, and its tone mark."""
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(m for m in parts if m in _TONE_SET)
    if not tone:
        return ch, ""
    rest = "".join(m for m in parts if m not in _TONE_SET)
    return unicodedata.normalize("NFC", rest), tone


def _with_tone(letter: str, tone: str) -> str:
    return unicodedata.normalize("NFC", letter + tone)


@functools.lru_cache(maxsize=1024)
def _unify_pair(pair: str, before: str, style: str) -> str:
    """The last two letters of a word, with the tone where ``style`` puts it."""
    (a, tone_a), (b, tone_b) = _split(pair[0]), _split(pair[1])
    if (a + b).lower() not in _SHIFTING or bool(tone_a) == bool(tone_b):
        return pair
    base_before = _split(before)[0].lower() if before else ""
    if base_before in _VOWELS:
        return pair  # a longer vowel run (ngoài, khuya): not the oa/oe/uy case
    tone = tone_a or tone_b
    # After q the u belongs to the consonant: quý has its tone on y in both spellings.
    if style == "new" or (base_before == "q" and (a + b).lower() == "uy"):
        return a + _with_tone(b, tone)
    return _with_tone(a, tone) + b


def _tone_pairs() -> re.Pattern[str]:
    """o/u followed by a/e/y at the end of a word, with or without marks."""
    def variants(letter: str) -> str:
        return "".join(_with_tone(v, t) for v in (letter, letter.upper()) for t in ("", *TONES))

    o, u = variants("o"), variants("u")
    ae, y = variants("a") + variants("e"), variants("y")
    return re.compile(f"(?:[{o}][{ae}]|[{u}][{y}])(?!\\w)")


_PAIR = _tone_pairs()


def unify_tones(text: str, style: str = "new") -> str:
    """NFC text with one tone placement for open oa/oe/uy syllables.

    ``style="new"`` puts the mark on the second vowel (hoà, khoẻ, thuý, uỷ), ``"old"`` on the
    first (hòa, khỏe, thúy, ủy). Everything else is left as it was.
    """
    if style not in ("new", "old"):
        raise ValueError(f"unknown tone style: {style}")
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    parts: list[str] = []
    last = 0
    for m in _PAIR.finditer(text):
        start = m.start()
        before = text[start - 1] if start else ""
        if before.isdigit() or before == "_":
            continue  # "x2oà" is no Vietnamese syllable
        pair = _unify_pair(m.group(0), before if before.isalpha() else "", style)
        if pair != m.group(0):
            parts += (text[last:start], pair)
            last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


# -- Vietnamese alphabetical order ------------------------------------------------------------

# a ă â b c d đ e ê ... : letters with modifiers are letters of their own. f j w z are not
# Vietnamese but appear in names and loanwords.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONE_WEIGHT = {"": "0", GRAVE: "1", HOOK: "2", TILDE: "3", ACUTE: "4", DOT: "5"}
_DIGIT_RUN = re.compile(r"[0-9]+")
_DIGITS = frozenset("0123456789")


def _key_tables() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Per-character primary weight, tone weight, and word breaks, for str.translate.

    Letters map to U+0100 upwards in alphabet order (above digits and the space, \\x02);
    letters of other scripts are left alone, which keeps them above the alphabet.
    """
    weights = {letter: chr(0x100 + i) for i, letter in enumerate(ALPHABET)}
    primary: dict[int, str] = {ord(" "): "\x02"}
    tone: dict[int, str] = {ord(" "): ""}
    latin = [*range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    for code in latin:
        ch = chr(code)
        if ch.casefold() != ch or not ch.isalpha():
            continue  # upper case never reaches the tables (the text is casefolded first)
        letter, mark = _split(ch)
        letter = "đ" if letter == "ð" else letter
        if letter not in weights:
            # Other accented Latin letters (ñ, ü, ø...): their base letter, no tone.
            letter, mark = _MARKS.sub("", unicodedata.normalize("NFD", ch)), ""
        if letter in weights:
            primary[code] = weights[letter]
            tone[code] = _TONE_WEIGHT.get(mark, "0")
    for digit in "0123456789":
        primary[ord(digit)] = digit
        tone[ord(digit)] = "0"
    for code in range(0x41, 0x5B):  # the number length marks, see _number
        primary[code] = chr(code)
        tone[code] = ""
    # Every character of Latin text has an entry: str.translate is slow on a missing key.
    breaks = {code: " " if unicodedata.category(chr(code))[0] in "PSZC" or code == 0x5F
              else chr(code) for code in range(0x3000)}
    return primary, tone, breaks


_PRIMARY_TABLE, _TONE_TABLE, _BREAKS = _key_tables()


def _number(match: re.Match[str]) -> str:
    # A length mark before each run of digits, so "số 2" sorts before "số 10". The marks
    # (A-Z: no upper case is left after casefold) sit between the space and the letters.
    digits = match.group(0).lstrip("0") or "0"
    return chr(0x40 + min(len(digits), 26)) + digits


def sort_key(text: str) -> str:
    """A string whose plain (binary) order is Vietnamese dictionary order.

    Letters compare first (a < ă < â < b ... d < đ ...; case and tone ignored), then tones
    (level < huyền < hỏi < ngã < sắc < nặng) letter by letter, so "Ba" < "Bà" < "Bác" < "Bạc"
    < "Bàn" < "Bắc". Punctuation counts as a word break, numbers compare by value, and tone
    placement (hoà/hòa) does not matter.
    """
    text = " ".join(unify_tones(text).casefold().translate(_BREAKS).split())
    if not _DIGITS.isdisjoint(text):
        text = _DIGIT_RUN.sub(_number, text)
    # \x01 ends the letters: "Ba" sorts before "Ba Vì" because \x01 < \x02 (the space).
    return text.translate(_PRIMARY_TABLE) + "\x01" + text.translate(_TONE_TABLE).rstrip("0")


# -- Vietnamese syllables ------------------------------------------------------------------------

_ONSETS = ("", "b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
           "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x")
# Rhymes as they fold (ă/â -> a, ê -> e, ô/ơ -> o, ư -> u), with the medial o/u. A few more
# than the language uses: a syllable that never occurs costs a lookup, a missing one a result.
_RHYME_TEXT = """
a ac ach ai am an ang anh ao ap at au ay e ec ech em en eng enh eo ep et eu
i ia ich iec iem ien ieng iep iet ieu im in inh ip it iu
o oa oac oach oai oam oan oang oanh oao oap oat oay oc oe oem oen oeo oep oet oi om on ong
ooc oong op ot u ua uac uan uang uanh uat uay uc ue uech uen uenh uet ui um un ung uo uoc
uoi uom uon uong uop uot uou up ut uu uy uya uych uyen uyet uynh uyp uyt uyu
y yem yen yet yeu
"""
_RHYMES = _RHYME_TEXT.split()
SYLLABLES = frozenset({onset + rhyme for onset in _ONSETS for rhyme in _RHYMES} | {"gi"})
_SORTED_SYLLABLES = sorted(SYLLABLES)


def syllables_starting_with(prefix: str) -> tuple[str, ...]:
    """The folded Vietnamese syllables that begin with ``prefix`` ("thon" -> thon, thong)."""
    start = bisect.bisect_left(_SORTED_SYLLABLES, prefix)
    end = bisect.bisect_left(_SORTED_SYLLABLES, prefix + "\U0010ffff")
    return tuple(_SORTED_SYLLABLES[start:end])


# -- text for a terminal ----------------------------------------------------------------------

# Characters a terminal acts on instead of showing: C0 controls (ESC starts colour and cursor
# sequences), DEL, C1 controls, the line and paragraph separators, and the bidi marks,
# embeddings, overrides and isolates (U+202E shows "Tin <RLO>gnp.exe" as "Tin exe.png").
_UNSAFE = (
    [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
     *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_ESCAPES = {code: _escape(code) for code in _UNSAFE}
_ESCAPES_LINES = {k: v for k, v in _ESCAPES.items() if k not in (0x09, 0x0A)}


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal: control and bidi characters become visible
    escapes (``\\x1b``, ``\\u202e``); with ``lines``, tab and newline are kept (a whole
    output, not one field of it). JSON output does not need this: it escapes on its own."""
    return text.translate(_ESCAPES_LINES if lines else _ESCAPES)
