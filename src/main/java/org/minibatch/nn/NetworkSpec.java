package org.minibatch.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.minibatch.util.Suggest;

/**
 * The shape of a fully connected network: layer sizes, hidden activation, output layer and loss.
 *
 * <p>Written as {@code <sizes> <hidden activation> <output> [<loss>]}, for example
 * {@code 784-256-128-10 relu softmax cross_entropy}; the loss defaults to the one that fits the
 * output ({@link OutputLayer#defaultLoss()}), and {@link #toString()} always prints all four parts,
 * so {@code parse(spec.toString()).equals(spec)}.
 *
 * <h2>Parameter layout</h2>
 * All weights and biases live in one flat {@code double[]} so an optimizer sees one vector. For
 * each layer l = 1..L in order, mapping n_in = sizes[l-1] inputs to n_out = sizes[l] outputs:
 * first the weights W_l as a row-major n_out x n_in matrix ({@code W_l[o][i]} at
 * {@code weightOffset(l) + o * n_in + i}, the layout of PyTorch's {@code nn.Linear.weight}), then
 * the n_out biases at {@code biasOffset(l)}.
 */
public final class NetworkSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final List<String> OUTPUTS =
      Arrays.stream(OutputLayer.values()).map(OutputLayer::specName).toList();

  private final int[] sizes;
  private final Activation hidden;
  private final OutputLayer output;
  private final Loss loss;
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final int numParameters;

  public NetworkSpec(int[] sizes, Activation hidden, OutputLayer output, Loss loss) {
    if (sizes == null || sizes.length < 2) {
      throw new IllegalArgumentException(
          "a network needs at least an input and an output size, got "
              + (sizes == null ? "none" : Arrays.toString(sizes)));
    }
    for (int l = 0; l < sizes.length; l++) {
      if (sizes[l] < 1) {
        throw new IllegalArgumentException("layer size must be >= 1, got " + sizes[l]
            + " at position " + (l + 1) + " of " + sizesString(sizes));
      }
    }
    int outputs = sizes[sizes.length - 1];
    if (output == OutputLayer.SOFTMAX && outputs < 2) {
      throw new IllegalArgumentException("softmax output needs at least 2 outputs, got "
          + outputs + " in " + sizesString(sizes)
          + "; for two classes with one output use 'sigmoid bce'");
    }
    if (!loss.fits(output)) {
      throw new IllegalArgumentException("loss " + loss.specName() + " does not fit a "
          + output.specName() + " output; use " + output.defaultLoss().specName());
    }
    this.sizes = sizes.clone();
    this.hidden = hidden;
    this.output = output;
    this.loss = loss;
    int layers = sizes.length - 1;
    weightOffsets = new int[layers + 1];
    biasOffsets = new int[layers + 1];
    long offset = 0;
    for (int l = 1; l <= layers; l++) {
      weightOffsets[l] = (int) offset;
      offset += (long) sizes[l] * sizes[l - 1];
      biasOffsets[l] = (int) offset;
      offset += sizes[l];
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("network " + sizesString(sizes) + " has more than "
            + (Integer.MAX_VALUE - 8) + " parameters");
      }
    }
    numParameters = (int) offset;
  }

  /** Parses {@code 784-256-128-10 relu softmax [cross_entropy]}. */
  public static NetworkSpec parse(String text) {
    String[] tokens = text == null ? new String[0] : text.strip().split("\\s+");
    if (tokens.length < 3 || tokens.length > 4) {
      throw new IllegalArgumentException("network spec '" + text
          + "' must read '<sizes> <hidden activation> <output> [<loss>]',"
          + " e.g. '784-256-128-10 relu softmax'");
    }
    int[] sizes = parseSizes(tokens[0]);
    Activation hidden = Activation.parse(tokens[1]);
    OutputLayer output = parseOutput(tokens[2]);
    Loss loss = output.defaultLoss();
    if (tokens.length == 4) {
      loss = Loss.parse(tokens[3]);
    }
    return new NetworkSpec(sizes, hidden, output, loss);
  }

  private static int[] parseSizes(String token) {
    String[] parts = token.split("-", -1);
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        sizes[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("layer size at position " + (i + 1) + " of '" + token
            + "' must be a positive integer, got '" + parts[i] + "'");
      }
    }
    return sizes;
  }

  private static OutputLayer parseOutput(String token) {
    for (OutputLayer o : OutputLayer.values()) {
      if (o.specName().equalsIgnoreCase(token)) {
        return o;
      }
    }
    throw new IllegalArgumentException(Suggest.unknown("output layer", token, OUTPUTS));
  }

  private static String sizesString(int[] sizes) {
    return IntStream.of(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
  }

  /** Number of weight layers L (hidden layers + 1). */
  public int layers() {
    return sizes.length - 1;
  }

  /** Size of layer l, 0 = input, L = output. */
  public int size(int l) {
    return sizes[l];
  }

  public int[] sizes() {
    return sizes.clone();
  }

  public int inputs() {
    return sizes[0];
  }

  public int outputs() {
    return sizes[sizes.length - 1];
  }

  /** Values per target row (1 for a class index, else one per output). */
  public int targetWidth() {
    return loss.targetWidth(outputs());
  }

  public Activation hidden() {
    return hidden;
  }

  public OutputLayer output() {
    return output;
  }

  public Loss loss() {
    return loss;
  }

  public boolean isClassifier() {
    return output == OutputLayer.SOFTMAX
        || (output == OutputLayer.SIGMOID && loss == Loss.BINARY_CROSS_ENTROPY);
  }

  public int numParameters() {
    return numParameters;
  }

  /** Offset of W_l in the flat parameters, l in 1..L. */
  public int weightOffset(int l) {
    return weightOffsets[l];
  }

  /** Offset of b_l in the flat parameters, l in 1..L. */
  public int biasOffset(int l) {
    return biasOffsets[l];
  }

  /** Floating-point operations of forward + backward for one row (multiply-adds count 2). */
  public long flopsPerRow() {
    long weights = 0;
    for (int l = 1; l <= layers(); l++) {
      weights += (long) sizes[l] * sizes[l - 1];
    }
    return 6 * weights;
  }

  @Override
  public String toString() {
    return sizesString(sizes) + " " + hidden + " " + output.specName() + " " + loss.specName();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkSpec other && Arrays.equals(sizes, other.sizes)
        && hidden.equals(other.hidden) && output == other.output && loss == other.loss;
  }

  @Override
  public int hashCode() {
    return ((Arrays.hashCode(sizes) * 31 + hidden.hashCode()) * 31 + output.hashCode()) * 31
        + loss.hashCode();
  }
}
