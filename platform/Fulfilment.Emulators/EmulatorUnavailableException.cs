namespace Fulfilment.Emulators;

/// <summary>An emulator could not be installed or started; the message names what is missing and what to do.</summary>
public sealed class EmulatorUnavailableException : Exception
{
    /// <summary>Creates the error with a message that says what to install or check.</summary>
    public EmulatorUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Required by CA1032; prefer the message constructor.</summary>
    public EmulatorUnavailableException()
        : this("An emulator could not be started.")
    {
    }

    /// <summary>Required by CA1032; prefer the message constructor.</summary>
    public EmulatorUnavailableException(string message)
        : this(message, null)
    {
    }
}
