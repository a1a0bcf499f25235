using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuoteBot.Core.Commands;

namespace QuoteBot.Core.Review;

public static class ReviewServiceCollectionExtensions
{
    /// <summary>
    /// /addarticle, /review, /fixspeaker and the review buttons. Needs an <c>IArticleStore</c>; /addarticle also needs an
    /// <see cref="IArticleIngest"/> (QuoteBot.Ingest registers one), else it answers that it is not set up here.
    /// </summary>
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.TryAddSingleton<ReviewDesk>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatCommand, AddArticleCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatCommand, ReviewQueueCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatCommand, FixSpeakerCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReplyActionHandler, ReviewDesk>(sp => sp.GetRequiredService<ReviewDesk>()));
        return services;
    }
}
