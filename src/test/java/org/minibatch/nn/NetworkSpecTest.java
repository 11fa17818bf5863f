package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkSpecTest {

  @ParameterizedTest
  @ValueSource(strings = {"784-256-128-10 relu softmax cross_entropy", "2-4-1 tanh sigmoid bce",
      "13-64-64-1 leaky_relu(slope=0.2) identity mse", "3-2 sigmoid sigmoid mse",
      "5-5-5 identity softmax cross_entropy", "1000-16-10 relu softmax cross_entropy by_input",
      "30-3-1 tanh sigmoid bce by_input"})
  void printsAndParsesBackToAnEqualSpec(String text) {
    NetworkSpec spec = NetworkSpec.parse(text);
    assertEquals(text, spec.toString());
    assertEquals(spec, NetworkSpec.parse(spec.toString()));
  }

  @Test
  void aLossParsesOnItsOwn() {
    assertEquals(Loss.CROSS_ENTROPY, Loss.parse(" Cross_Entropy "));
    assertEquals(Loss.MSE, Loss.parse("mse"));
    assertEquals("unknown loss 'hinge' Valid: mse, bce, cross_entropy",
        assertThrows(IllegalArgumentException.class, () -> Loss.parse("hinge")).getMessage());
  }

  @Test
  void lossDefaultsToTheOneThatFitsTheOutput() {
    assertEquals("784-256-128-10 relu softmax cross_entropy",
        NetworkSpec.parse("784-256-128-10 relu softmax").toString());
    assertEquals(Loss.BINARY_CROSS_ENTROPY, NetworkSpec.parse("2-1 relu sigmoid").loss());
    assertEquals(Loss.MSE, NetworkSpec.parse("2-1 relu identity").loss());
  }

  @Test
  void layoutFollowsTheDocumentedOrder() {
    NetworkSpec spec = NetworkSpec.parse("3-4-2 relu softmax");
    assertEquals(0, spec.weightOffset(1));
    assertEquals(12, spec.biasOffset(1));
    assertEquals(16, spec.weightOffset(2));
    assertEquals(24, spec.biasOffset(2));
    assertEquals(26, spec.numParameters());
    assertEquals(6L * (12 + 8), spec.flopsPerRow());
    assertEquals(1 * 3 + 2, spec.weightIndex(1, 1, 2), "W_1[1][2] by hidden unit");
    assertEquals(16 + 1 * 4 + 3, spec.weightIndex(2, 1, 3));
  }

  @Test
  void theFirstLayerByInputIsTransposedAndTheRestStays() {
    NetworkSpec spec = NetworkSpec.parse("3-4-2 relu softmax by_input");
    assertTrue(spec.firstLayerByInput());
    assertEquals(2 * 4 + 1, spec.weightIndex(1, 1, 2), "W_1[1][2] by input column");
    assertEquals(16 + 1 * 4 + 3, spec.weightIndex(2, 1, 3));
    assertEquals(12, spec.biasOffset(1));
    assertEquals(26, spec.numParameters());
    NetworkSpec byUnit = spec.withFirstLayerByInput(false);
    assertEquals("3-4-2 relu softmax cross_entropy", byUnit.toString());
    assertNotEquals(spec, byUnit);
    assertNotEquals(spec.hashCode(), byUnit.hashCode());
    assertSame(spec, spec.withFirstLayerByInput(true));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "784-0-10 relu softmax|layer size must be >= 1, got 0 at position 2 of 784-0-10",
      "784--5-10 relu softmax|layer size at position 2 of '784--5-10' must be a positive integer,"
          + " got ''",
      "784-x-10 relu softmax|layer size at position 2 of '784-x-10' must be a positive integer,"
          + " got 'x'",
      "784-64-10 rleu softmax|unknown activation 'rleu'; did you mean 'relu'? Valid: identity,"
          + " sigmoid, tanh, relu, leaky_relu",
      "784-64-1 relu softmax|softmax output needs at least 2 outputs, got 1 in 784-64-1; for two"
          + " classes with one output use 'sigmoid bce'",
      "784-64-10 relu softmax mse|loss mse does not fit a softmax output; use cross_entropy",
      "784-64-1 relu identity bce|loss bce does not fit a identity output; use mse",
      "784-64-10 relu softmx|unknown output layer 'softmx'; did you mean 'softmax'? Valid:"
          + " identity, sigmoid, softmax",
      "784-64-10 relu softmax hinge|unknown loss 'hinge' Valid: mse, bce, cross_entropy",
      "784 relu softmax|a network needs at least an input and an output size, got [784]",
      "784-10 relu|network spec '784-10 relu' must read '<sizes> <hidden activation> <output>"
          + " [<loss>] [by_input]', e.g. '784-256-128-10 relu softmax'",
      "784-10 relu by_input|network spec '784-10 relu by_input' must read '<sizes> <hidden"
          + " activation> <output> [<loss>] [by_input]', e.g. '784-256-128-10 relu softmax'",
      "4-4-2 leaky_relu(slope=1.5) softmax|slope must be in [0, 1), got 1.5",
      "4-4-2 leaky_relu(slop=0.1) softmax|unknown key for activation 'leaky_relu' 'slop'; did"
          + " you mean 'slope'? Valid: slope"})
  void badSpecsFailWithAMessageNamingTheValue(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parse(text));
    assertEquals(message, e.getMessage());
  }
}
