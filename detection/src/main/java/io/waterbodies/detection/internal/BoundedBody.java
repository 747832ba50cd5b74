package io.waterbodies.detection.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected into a byte array of at most {@code limit} bytes: a server sending more
 * fails the exchange instead of filling the heap. {@link #discard()} cancels an unwanted body at
 * once (no transfer), so that a caller can wait for the whole exchange with one timeout.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final long limit;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private byte[] buf = new byte[0];
  private int len;
  private Flow.Subscription subscription;

  BoundedBody(long limit) {
    this.limit = limit;
  }

  /** A subscriber that cancels the body and yields an empty array. */
  static HttpResponse.BodySubscriber<byte[]> discard() {
    return new BoundedBody(-1);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (limit < 0) {
      s.cancel();
      result.complete(new byte[0]);
      return;
    }
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer b : items) {
      int n = b.remaining();
      if (len + (long) n > limit) {
        subscription.cancel();
        result.completeExceptionally(
            new IOException("response body larger than the " + limit + " bytes requested"));
        return;
      }
      if (len + n > buf.length) {
        buf = java.util.Arrays.copyOf(buf, (int) Math.min(limit, Math.max(len + n, 2L * len)));
      }
      b.get(buf, len, n);
      len += n;
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(len == buf.length ? buf : java.util.Arrays.copyOf(buf, len));
  }
}
