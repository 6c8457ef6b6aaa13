package io.cdclake.ops.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An SDK client interface (S3Client, GlueClient, ...) answered by canned functions and recording every call, so
 * provisioning can be tested without AWS. An operation without an answer fails the test loudly.
 */
public final class FakeClient<T> implements InvocationHandler {
  /** One recorded call: operation name and request object. */
  public record Call(String operation, Object request) {}

  private final Class<T> type;
  private final Map<String, Function<Object, Object>> answers = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();

  private FakeClient(Class<T> type) {
    this.type = type;
  }

  public static <T> FakeClient<T> of(Class<T> type) {
    return new FakeClient<>(type);
  }

  /** Answers {@code operation} with {@code answer(request)}; the answer may throw an SDK exception. */
  @SuppressWarnings("unchecked")
  public <Q> FakeClient<T> on(String operation, Function<Q, Object> answer) {
    answers.put(operation, r -> answer.apply((Q) r));
    return this;
  }

  public T client() {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this));
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<String> operations() {
    return calls.stream().map(Call::operation).toList();
  }

  @SuppressWarnings("unchecked")
  public <Q> Q request(String operation) {
    return (Q) calls.stream().filter(c -> c.operation().equals(operation)).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError(operation + " was not called; calls: " + operations())).request();
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "close":
        return null;
      case "serviceName":
        return "fake-" + type.getSimpleName();
      case "toString":
        return "FakeClient(" + type.getSimpleName() + ")";
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      default:
        break;
    }
    Object request = args == null || args.length == 0 ? null : args[0];
    calls.add(new Call(method.getName(), request));
    Function<Object, Object> answer = answers.get(method.getName());
    if (answer == null) {
      throw new AssertionError("unexpected call " + type.getSimpleName() + "." + method.getName() + "(" + request + ")");
    }
    try {
      return answer.apply(request);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new InvocationTargetException(e);
    }
  }
}
