using Microsoft.Extensions.Options;
using Rush.PaymentGateway.Simulator;

try
{
    await SimulatorApp.Build(args).RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A wrong or missing setting stops the simulator with a message naming it, not a stack trace.
    await Console.Error.WriteLineAsync($"The payment gateway simulator cannot start, configuration is invalid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", e.Failures)}");
    return 2;
}
