package dev.recsys.events.dataset;

/** Turns one non-blank line of an interaction file into an {@link Interaction}. */
interface InteractionLineParser {
  Interaction parse(String line) throws BadLineException;
}
