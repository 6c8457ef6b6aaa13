package io.cdclake.app;

/** Placeholder entry point; replaced by the job dispatcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("not yet wired");
  }
}
