package io.omnimargin.service.web;

import io.omnimargin.service.config.OmnimarginConfig;

/**
 * How large a request body may be: {@code omnimargin.intake.max-body-bytes} (16 KiB) for every
 * endpoint but the batch cancel, whose limit is computed to fit its documented batch of {@code
 * omnimargin.intake.max-batch-cancels} (128) items: 33,792 bytes with the defaults.
 */
public final class BodyLimits {
  /** The batch cancel's path. */
  public static final String BATCH_CANCEL_PATH = "/v1/intents/cancel";

  /**
   * One item, {@code {"orderId":"0x…","signature":"0x…"}}: 227 bytes written compactly (a 32-byte
   * id and a 65-byte signature in hex); 256 leaves room for the comma and some whitespace.
   */
  static final int CANCEL_ITEM_BYTES = 256;

  /** {@code {"cancels":[…]}} and whitespace around the items. */
  static final int BATCH_ENVELOPE_BYTES = 1_024;

  private BodyLimits() {}

  /** The batch cancel's limit: room for the largest batch, never less than any other endpoint's. */
  public static int batchCancel(OmnimarginConfig.Intake intake) {
    long fits = BATCH_ENVELOPE_BYTES + (long) CANCEL_ITEM_BYTES * intake.maxBatchCancels();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(intake.maxBodyBytes(), fits));
  }

  /** The limit of a request to {@code path}. */
  public static long of(String path, OmnimarginConfig.Intake intake) {
    return BATCH_CANCEL_PATH.equals(path) ? batchCancel(intake) : intake.maxBodyBytes();
  }
}
