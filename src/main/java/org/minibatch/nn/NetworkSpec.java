package org.minibatch.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.minibatch.util.Suggest;

/**
 * The shape of a fully connected network: layer sizes, hidden activation, output layer and loss,
 * and how the first layer's weights are laid out.
 *
 * <p>Written as {@code <sizes> <hidden activation> <output> [<loss>] [by_input]}, for example
 * {@code 784-256-128-10 relu softmax cross_entropy}; the loss defaults to the one that fits the
 * output ({@link OutputLayer#defaultLoss()}), and {@link #toString()} always prints the loss, so
 * {@code parse(spec.toString()).equals(spec)}.
 *
 * <h2>Parameter layout</h2>
 * All weights and biases live in one flat {@code double[]} so an optimizer sees one vector. For
 * each layer l = 1..L in order, mapping n_in = sizes[l-1] inputs to n_out = sizes[l] outputs:
 * first the weights W_l as a row-major n_out x n_in matrix ({@code W_l[o][i]} at
 * {@code weightOffset(l) + o * n_in + i}, the layout of PyTorch's {@code nn.Linear.weight}), then
 * the n_out biases at {@code biasOffset(l)}.
 *
 * <p>A network marked {@code by_input} ({@link #firstLayerByInput()}) stores its first layer
 * transposed instead: W_1 as a row-major n_in x n_out matrix, {@code W_1[o][i]} at
 * {@code weightOffset(1) + i * n_out + o}, the layout of PyTorch's {@code nn.EmbeddingBag.weight}.
 * That is the layout for sparse input: a step reads and writes the weights of the columns its
 * batch has, and there a column's n_out weights are contiguous (one or two cache lines) where
 * by hidden unit they lie n_in apart, n_out cache and TLB misses a column once the layer
 * outgrows the caches. Training picks it when the data is cached sparse; the function the
 * network computes, and the initial values of its weights, do not depend on it.
 */
public final class NetworkSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The spec's last word when the first layer is stored by input column. */
  private static final String BY_INPUT = "by_input";
  private static final List<String> OUTPUTS =
      Arrays.stream(OutputLayer.values()).map(OutputLayer::specName).toList();

  private final int[] sizes;
  private final Activation hidden;
  private final OutputLayer output;
  private final Loss loss;
  private final boolean firstLayerByInput;
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final int numParameters;

  /** A network whose weights are all stored by hidden unit, as {@code nn.Linear} stores them. */
  public NetworkSpec(int[] sizes, Activation hidden, OutputLayer output, Loss loss) {
    this(sizes, hidden, output, loss, false);
  }

  /**
   * @param firstLayerByInput store the first layer's weights by input column (the layout for
   *     sparse input) instead of by hidden unit
   */
  public NetworkSpec(int[] sizes, Activation hidden, OutputLayer output, Loss loss,
      boolean firstLayerByInput) {
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
    this.firstLayerByInput = firstLayerByInput;
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

  /** Parses {@code 784-256-128-10 relu softmax [cross_entropy] [by_input]}. */
  public static NetworkSpec parse(String text) {
    String[] tokens = text == null ? new String[0] : text.strip().split("\\s+");
    boolean byInput = tokens.length > 1 && tokens[tokens.length - 1].equals(BY_INPUT);
    int parts = byInput ? tokens.length - 1 : tokens.length;
    if (parts < 3 || parts > 4) {
      throw new IllegalArgumentException("network spec '" + text
          + "' must read '<sizes> <hidden activation> <output> [<loss>] [" + BY_INPUT + "]',"
          + " e.g. '784-256-128-10 relu softmax'");
    }
    int[] sizes = parseSizes(tokens[0]);
    Activation hidden = Activation.parse(tokens[1]);
    OutputLayer output = parseOutput(tokens[2]);
    Loss loss = output.defaultLoss();
    if (parts == 4) {
      loss = Loss.parse(tokens[3]);
    }
    return new NetworkSpec(sizes, hidden, output, loss, byInput);
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

  /** Whether the first layer's weights are stored by input column (see the class comment). */
  public boolean firstLayerByInput() {
    return firstLayerByInput;
  }

  /** This network with its first layer stored by input column ({@code true}) or hidden unit. */
  public NetworkSpec withFirstLayerByInput(boolean byInput) {
    return byInput == firstLayerByInput ? this
        : new NetworkSpec(sizes, hidden, output, loss, byInput);
  }

  /**
   * {@code params} of this network rearranged into {@code target}'s layout: the same weights,
   * the first layer transposed when the two store it differently.
   */
  public double[] convert(double[] params, NetworkSpec target) {
    if (!withFirstLayerByInput(target.firstLayerByInput).equals(target)) {
      throw new IllegalArgumentException("cannot lay out the weights of " + this + " as "
          + target + ": the networks differ");
    }
    double[] out = params.clone();
    if (firstLayerByInput != target.firstLayerByInput) {
      int in = inputs();
      int hid = size(1);
      for (int o = 0; o < hid; o++) {
        for (int i = 0; i < in; i++) {
          int byUnit = o * in + i;
          int byInput = i * hid + o;
          out[firstLayerByInput ? byUnit : byInput] = params[firstLayerByInput ? byInput : byUnit];
        }
      }
    }
    return out;
  }

  /** Where W_l[o][i] is in the flat parameters (l in 1..L; see the class comment). */
  public int weightIndex(int l, int o, int i) {
    return l == 1 && firstLayerByInput ? weightOffsets[1] + i * sizes[1] + o
        : weightOffsets[l] + o * sizes[l - 1] + i;
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
    return sizesString(sizes) + " " + hidden + " " + output.specName() + " " + loss.specName()
        + (firstLayerByInput ? " " + BY_INPUT : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkSpec other && Arrays.equals(sizes, other.sizes)
        && hidden.equals(other.hidden) && output == other.output && loss == other.loss
        && firstLayerByInput == other.firstLayerByInput;
  }

  @Override
  public int hashCode() {
    return (((Arrays.hashCode(sizes) * 31 + hidden.hashCode()) * 31 + output.hashCode()) * 31
        + loss.hashCode()) * 31 + Boolean.hashCode(firstLayerByInput);
  }
}
