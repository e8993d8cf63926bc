package io.bankbus.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes the "Exit codes:" footer of a command's {@code --help} from its {@link ExitCode.Returns}, so the list
 * cannot drift from the enum. A command with subcommands lists every code any of them can return. Also joins the
 * description's lines into paragraphs (an empty line ends one), for picocli to wrap at the usage width: a source
 * line longer than the width was broken twice, once at the width and once where the line ended.
 * Named in each {@code @Command} as its {@code modelTransformer}.
 */
final class ExitCodeHelp implements CommandLine.IModelTransformer {
  @Override
  public CommandSpec transform(CommandSpec spec) {
    Class<?> command = spec.userObject().getClass();
    Map<String, String> lines = new LinkedHashMap<>();
    ExitCode.Returns own = command.getAnnotation(ExitCode.Returns.class);
    for (ExitCode code : codes(command)) {
      String meaning = code == ExitCode.OK && own != null && !own.success().isEmpty() ? own.success() : code.meaning();
      lines.put(String.valueOf(code.code()), meaning);
    }
    spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(lines);
    spec.usageMessage().description(paragraphs(spec.usageMessage().description()));
    return spec;
  }

  /** One string per paragraph: the lines between empty ones, joined with a space. */
  static String[] paragraphs(String[] lines) {
    List<String> out = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        if (paragraph.length() > 0) {
          out.add(paragraph.toString());
          paragraph.setLength(0);
        }
        out.add("");
      } else {
        paragraph.append(paragraph.length() > 0 ? " " : "").append(line.strip());
      }
    }
    if (paragraph.length() > 0) {
      out.add(paragraph.toString());
    }
    return out.toArray(String[]::new);
  }

  /** The codes {@code command} declares, then those of its subcommands, each once. */
  static Set<ExitCode> codes(Class<?> command) {
    Set<ExitCode> codes = EnumSet.noneOf(ExitCode.class);
    ExitCode.Returns own = command.getAnnotation(ExitCode.Returns.class);
    if (own != null) {
      codes.addAll(Arrays.asList(own.value()));
    }
    Command annotation = command.getAnnotation(Command.class);
    if (annotation != null) {
      for (Class<?> sub : annotation.subcommands()) {
        codes.addAll(codes(sub));
      }
    }
    return codes;
  }
}
