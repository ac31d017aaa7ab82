package dev.recsys.events.dataset;

/**
 * {@code user item}, separated by any run of spaces or tabs. The format has no timestamps, so every
 * line gets 0 and the file's order stands for time order.
 */
final class SasRecLineParser implements InteractionLineParser {

  @Override
  public Interaction parse(String line) throws BadLineException {
    // Hand-rolled tokenizer: a regex split per line is measurably slower on million-line files.
    String user = null;
    String item = null;
    int fields = 0;
    int length = line.length();
    int i = 0;
    while (i < length) {
      while (i < length && isSeparator(line.charAt(i))) {
        i++;
      }
      if (i == length) {
        break;
      }
      int start = i;
      while (i < length && !isSeparator(line.charAt(i))) {
        i++;
      }
      fields++;
      if (fields == 1) {
        user = line.substring(start, i);
      } else if (fields == 2) {
        item = line.substring(start, i);
      }
    }
    if (fields != 2) {
      throw new BadLineException(
          "expected 2 fields (user item) separated by spaces or tabs, found " + fields);
    }
    return Interaction.withoutValue(user, item, 0L);
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '\t';
  }
}
